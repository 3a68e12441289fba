/**
 * Facts an agent hears in passing (low importance, little emotion: the kind of thing the old formula
 * buried under a week of sightings and feelings), each with the questions a player would ask about it.
 * `sharesWord` questions have at least one content word in common with the fact; `paraphrase` questions
 * have none, so only an embedder that knows what words mean can connect them. checkFactPool() enforces
 * both, with the hashing embedder's own idea of a word.
 */
import { tokenize } from "../../src/llm/hashing-embedder.ts";

export const QUESTION_KINDS = ["shares-word", "paraphrase"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface Fact {
  /** Lowercase clause that follows "Nell told me ...". */
  text: string;
  sharesWord: readonly string[];
  paraphrase: readonly string[];
}

export const FACTS: readonly Fact[] = [
  {
    text: "the ferry to Millbrook now leaves at dawn on Thursdays",
    sharesWord: ["When does the ferry to Millbrook go?", "Did the Thursday ferry change?"],
    paraphrase: ["What time can I catch the boat over to the neighbouring village?", "How early must a traveller be up to cross by water to the next town?"],
  },
  {
    text: "the old well behind the chapel has gone dry",
    sharesWord: ["Is there any water left in the old well?", "What happened to the well by the chapel?"],
    paraphrase: ["Is something wrong with the water source next to the church?", "Where can I no longer fill a bucket for drinking?"],
  },
  {
    text: "a crate of lamp oil costs nine coppers at the general store",
    sharesWord: ["How much is lamp oil?", "What does the general store charge for oil?"],
    paraphrase: ["What is the price of fuel for lanterns these days?", "Has burning a light in the evening become expensive?"],
  },
  {
    text: "the north bridge past the farm is closed for repairs until the full moon",
    sharesWord: ["Is the north bridge open?", "When will the bridge repairs be done?"],
    paraphrase: ["Can carts get over the river on the upper crossing right now?", "Which way should I avoid when taking goods across the water?"],
  },
  {
    text: "the chapel is collecting wool blankets for the widows by the river",
    sharesWord: ["Who needs blankets?", "What is the chapel collecting?"],
    paraphrase: ["Is anyone gathering warm bedding for poor families?", "How could I help women who lost their husbands?"],
  },
  {
    text: "the school play will be held in the barn on the last day of the month",
    sharesWord: ["Where is the school play?", "When is the children's play?"],
    paraphrase: ["Where are the pupils performing their show, and when?", "Is there a performance by the kids coming up?"],
  },
  {
    text: "a merchant caravan from the coast is expected after the next rain",
    sharesWord: ["When is the caravan coming?", "Any news of merchants from the coast?"],
    paraphrase: ["Are traders from the seaside due to arrive soon?", "Will there be wagons selling foreign goods any time soon?"],
  },
  {
    text: "wolves were heard howling near the eastern pasture two nights ago",
    sharesWord: ["Has anyone heard wolves lately?", "Is something wrong at the eastern pasture?"],
    paraphrase: ["Are dangerous beasts prowling around the grazing land after dark?", "Should shepherds worry about predators?"],
  },
  {
    text: "the clinic has run out of willow bark tea for fevers",
    sharesWord: ["Does the clinic have willow bark?", "What can I take for a fever?"],
    paraphrase: ["Is the doctor short of medicine for a high temperature?", "Are remedies for a burning forehead hard to get?"],
  },
  {
    text: "the miller's daughter is engaged to a sailor from the river port",
    sharesWord: ["Who is the miller's daughter marrying?", "Which sailor got engaged?"],
    paraphrase: ["Which family is planning a wedding soon?", "Has anybody proposed marriage lately?"],
  },
  {
    text: "the tavern will stop serving ale after midnight by order of the council",
    sharesWord: ["Until when does the tavern serve ale?", "What did the council decide about ale?"],
    paraphrase: ["How late can I still get a drink at the inn?", "Are there new rules on beer at night?"],
  },
  {
    text: "a silver brooch was found by the docks and is kept at the library desk",
    sharesWord: ["Has anyone found a brooch?", "What is being kept at the library desk?"],
    paraphrase: ["I lost some jewellery; where would it have been handed in?", "Did somebody pick up a lost pin near the harbour?"],
  },
  {
    text: "the river is too low for boats below the mill this week",
    sharesWord: ["Can boats get below the mill?", "How low is the river?"],
    paraphrase: ["Is the water deep enough to sail downstream right now?", "Could a barge travel south on the stream today?"],
  },
  {
    text: "the harvest festival bonfire will be lit on the hill instead of the square",
    sharesWord: ["Where will the bonfire be?", "Is the festival fire on the hill?"],
    paraphrase: ["Where do we gather for the big blaze at the autumn celebration?", "Has the place for the flames at the fair moved?"],
  },
  {
    text: "the post rider's horse went lame, so letters will be late this week",
    sharesWord: ["Why are the letters late?", "What happened to the post rider?"],
    paraphrase: ["Why hasn't any mail arrived lately?", "When can I expect news by courier?"],
  },
  {
    text: "a new family moved into the empty cottage by the mill pond",
    sharesWord: ["Who lives in the empty cottage?", "Is someone living by the mill pond?"],
    paraphrase: ["Have any newcomers settled in the valley?", "Are there strangers who arrived to stay for good?"],
  },
  {
    text: "the tax collector arrives on the first morning of next month",
    sharesWord: ["When does the tax collector come?", "Is a tax due soon?"],
    paraphrase: ["When must we pay what we owe to the crown?", "Which day will the king's man want our coins?"],
  },
  {
    text: "someone broke the lock on the granary door last night",
    sharesWord: ["What happened to the granary?", "Who broke the lock?"],
    paraphrase: ["Has there been a break-in at the grain store?", "Is our stored wheat safe from thieves?"],
  },
  {
    text: "the tinker from the hills is selling pots at half price until the festival",
    sharesWord: ["Who is selling pots cheap?", "Where can I buy a pot at half price?"],
    paraphrase: ["Can I find cheap cooking pans anywhere?", "Is a travelling peddler offering a bargain on kitchenware?"],
  },
  {
    text: "the choir practice moved from Tuesday to Friday evening",
    sharesWord: ["When is choir practice?", "Is the choir still on Tuesday?"],
    paraphrase: ["Which night do the singers rehearse now?", "When should I come to sing hymns with the group?"],
  },
  {
    text: "old Bram's goat got into the orchard and ate the young apple trees",
    sharesWord: ["What ate the apple trees?", "Whose goat was in the orchard?"],
    paraphrase: ["What animal damaged the fruit saplings?", "Why are some of the newly planted saplings ruined?"],
  },
  {
    text: "the cattle market in Eastford was cancelled because of a sickness among the cows",
    sharesWord: ["Is the cattle market in Eastford still on?", "Why was the market cancelled?"],
    paraphrase: ["Can I still sell livestock at the neighbouring town's fair?", "Is some illness spreading through the herds?"],
  },
  {
    text: "the footpath over the ridge is washed out past the second stile",
    sharesWord: ["Is the ridge footpath safe?", "What happened to the path over the ridge?"],
    paraphrase: ["Can I walk across the hilltop trail to the next valley?", "Did the storms ruin the hiking route up high?"],
  },
  {
    text: "a travelling healer will pull teeth at the inn for two coppers",
    sharesWord: ["Who will pull teeth?", "How much does the healer charge?"],
    paraphrase: ["Is there anyone to fix a toothache cheaply?", "Where can I get a sore molar seen to?"],
  },
];

/** The hashing embedder's words: no stop words, no words that only frame a question ("when", "happened"). */
export function contentWords(text: string): Set<string> {
  return new Set(tokenize(text));
}

export function sharedWords(fact: string, question: string): string[] {
  const factWords = contentWords(fact);
  return [...contentWords(question)].filter((word) => factWords.has(word));
}

/** Throws naming every question whose wording contradicts its kind (a paraphrase sharing a word, or the reverse). */
export function checkFactPool(facts: readonly Fact[]): void {
  const problems: string[] = [];
  for (const fact of facts) {
    if (fact.sharesWord.length === 0 || fact.paraphrase.length === 0) problems.push(`"${fact.text}": needs questions of both kinds`);
    for (const question of fact.sharesWord) if (sharedWords(fact.text, question).length === 0) problems.push(`"${question}" is listed as shares-word but shares no word with "${fact.text}"`);
    for (const question of fact.paraphrase) {
      const shared = sharedWords(fact.text, question);
      if (shared.length > 0) problems.push(`"${question}" is listed as a paraphrase but shares ${shared.join(", ")} with "${fact.text}"`);
    }
  }
  if (problems.length > 0) throw new Error(`bench/memory/facts.ts:\n  ${problems.join("\n  ")}`);
}
