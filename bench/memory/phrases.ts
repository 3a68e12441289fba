/**
 * The everyday text of a memory stream, written the way the engine's memories read (first person, past
 * tense for what happened, the names and places of the world). Each pool is picked from at random, so a
 * week of sightings does not repeat itself word for word.
 */

export interface Scene {
  /** The person seen or talked to. */
  name: string;
  /** Where it happened ("the tavern"). */
  place: string;
  /** What they were doing, as the schedule says ("serve lunch"). */
  activity: string;
  /** Someone else in town, for gossip. */
  other: string;
  partOfDay: string;
}

export const SIGHTINGS: readonly ((s: Scene) => string)[] = [
  (s) => `Saw ${s.name} at ${s.place} ("${s.activity}").`,
  (s) => `${s.name} was at ${s.place} this ${s.partOfDay}, busy with "${s.activity}".`,
  (s) => `Passed ${s.name} near ${s.place}.`,
  (s) => `${s.name} waved at me from across ${s.place}.`,
  (s) => `Noticed ${s.name} at ${s.place} again.`,
  (s) => `${s.name} hurried past ${s.place} without stopping.`,
  (s) => `${s.name} looked tired at ${s.place} this ${s.partOfDay}.`,
  (s) => `Watched ${s.name} for a while; "${s.activity}", by the look of it.`,
];

export const AMBIENT: readonly ((s: Scene) => string)[] = [
  (s) => `${capitalise(s.place)} was quiet this ${s.partOfDay}.`,
  (s) => `${capitalise(s.place)} was crowded and noisy.`,
  (s) => `Clouds gathered over ${s.place}.`,
  (s) => `A cart loaded with sacks rattled past ${s.place}.`,
  (s) => `Children were chasing a dog around ${s.place}.`,
  (s) => `The chapel bell rang while I was at ${s.place}.`,
  (s) => `The wind picked up near ${s.place}.`,
  (s) => `Someone left a basket of apples outside ${s.place}.`,
  (s) => `It was warm and dusty at ${s.place}.`,
  (s) => `A cat was sleeping in the sun by ${s.place}.`,
  (s) => `Smoke from the forge drifted over ${s.place}.`,
  (s) => `The path to ${s.place} was muddy.`,
];

export const CHATTER: readonly ((s: Scene) => string)[] = [
  (s) => `${s.name} and I agreed the dry spell cannot last much longer.`,
  (s) => `${s.name} thinks it will rain before the end of the week.`,
  (s) => `${s.name} complained about the heat this ${s.partOfDay}.`,
  (s) => `${s.name} asked whether I will enter anything at the harvest festival.`,
  (s) => `${s.name} says the festival stalls are going up early this year.`,
  (s) => `${s.name} wanted to know who I will vote for as mayor.`,
  (s) => `${s.name} grumbled that flour costs more every week.`,
  (s) => `${s.name} told me about a long day of "${s.activity}".`,
  (s) => `${s.name} whispered that ${s.other} had words with someone at the tavern.`,
  (s) => `${s.name} asked after my health; I said I was well.`,
  (s) => `${s.name} has a cough and insists it is nothing.`,
  (s) => `Shared a joke with ${s.name} about the chickens escaping again.`,
  (s) => `${s.name} and I talked about ${s.other} for a while.`,
  (s) => `${s.name} asked if I had seen ${s.other} today.`,
  (s) => `${s.name} said the stew at the tavern was better than usual.`,
  (s) => `${s.name} and I chatted about nothing much at ${s.place}.`,
  (s) => `${s.name} is worried the harvest will be thin this year.`,
  (s) => `${s.name} recommended a book from the library.`,
];

export interface Inner {
  /** Someone the agent knows. */
  name: string;
  place: string;
  /** Something the agent likes / dislikes / wants, as the agent file words it. */
  like: string;
  dislike: string;
  goal: string;
  /** One of the other person's traits ("stubborn"). */
  trait: string;
}

export const REFLECTIONS: readonly ((s: Inner) => string)[] = [
  (s) => `${s.name} seems more ${s.trait} than people give credit for.`,
  (s) => `I notice I feel calmer after ${s.like}.`,
  (s) => `I realise that my wish to ${lower(s.goal)} depends on people like ${s.name}.`,
  (s) => `Lately ${s.name} has been ${s.trait} with me.`,
  (s) => `I keep thinking that ${lower(s.dislike)} spoils my days more than it should.`,
  (s) => `${s.name} and I are more alike than I thought.`,
  (s) => `I should spend less time worrying and more time on ${s.like}.`,
  (s) => `People at ${s.place} look to me more than I expected.`,
];

export const EMOTIONAL: readonly ((s: Inner) => string)[] = [
  (s) => `I was furious when ${s.name} mocked ${s.like} in front of everyone at ${s.place}.`,
  (s) => `My feelings toward ${s.name} grew warmer after our talk at ${s.place}.`,
  (s) => `${s.name} thanked me in front of the whole square and I felt proud.`,
  (s) => `I had a terrible fright when ${s.name} fainted at ${s.place}; the doctor says it was the heat.`,
  (s) => `I am afraid I will never ${lower(s.goal)}.`,
  (s) => `${s.name} and I had a bitter argument about ${lower(s.dislike)}; I still feel hurt.`,
  (s) => `A fire broke out near ${s.place} and I helped carry buckets; my hands still shake.`,
  (s) => `I cried at ${s.place} tonight, thinking of everyone I have lost.`,
  (s) => `${s.name} trusted me with a secret today; it means more to me than I can say.`,
  (s) => `I felt ashamed when ${s.name} caught me losing my temper at ${s.place}.`,
  (s) => `My feelings toward ${s.name} cooled after what was said at ${s.place}.`,
];

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
