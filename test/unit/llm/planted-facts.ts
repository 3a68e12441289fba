/** Planted facts, a question that shares no content word with each, and one that shares a word. */
export const PLANTED_FACTS: { fact: string; paraphrase: string; sharedWord: string }[] = [
  { fact: "The blacksmith repaired the broken sword at the forge", paraphrase: "Who mended the damaged blade?", sharedWord: "Who repaired the sword?" },
  { fact: "The harvest festival starts on Saturday in the square", paraphrase: "When is the autumn celebration?", sharedWord: "When is the harvest festival?" },
  { fact: "Marcus is running for mayor in the election", paraphrase: "Which candidate wants to lead the town council?", sharedWord: "Who is running in the election?" },
  { fact: "The baker's oven caught fire this morning", paraphrase: "Was there a blaze at the bakery?", sharedWord: "What caught fire?" },
  { fact: "A wolf was spotted near the eastern farms", paraphrase: "Have wild animals been seen by the fields?", sharedWord: "Where was the wolf spotted?" },
  { fact: "The river flooded the mill last night", paraphrase: "Did water damage the grain building?", sharedWord: "What did the river flood?" },
  { fact: "Nell lost her silver ring by the well", paraphrase: "Did someone misplace jewellery?", sharedWord: "What did Nell lose?" },
  { fact: "The doctor said the child has a fever", paraphrase: "Is the kid sick?", sharedWord: "Who has a fever?" },
  { fact: "Merchants raised the price of bread", paraphrase: "Is food getting more expensive?", sharedWord: "What happened to the price of bread?" },
  { fact: "The bridge to the north road collapsed", paraphrase: "Can travellers still cross toward the highway?", sharedWord: "What happened to the bridge?" },
  { fact: "Greta plans to marry the carpenter in spring", paraphrase: "Is there a wedding coming?", sharedWord: "Who will Greta marry?" },
  { fact: "Thieves broke into the tavern cellar", paraphrase: "Was the inn robbed?", sharedWord: "Who broke into the tavern?" },
];
