/** Splits text into word-sized pieces (each word keeps the spaces after it) that join back to the exact text. */
export function wordChunks(text: string): string[] {
  if (text === "") return [];
  return text.split(/(?<=\s)(?=\S)/);
}

/** Delivers a whole text as if it were streamed, so streaming clients behave the same without a model. */
export function emitInWordChunks(text: string, onChunk: (chunk: string) => void): void {
  for (const chunk of wordChunks(text)) onChunk(chunk);
}
