/** The news whose spread the sim and the interview measure (Park et al. seeded a Valentine's Day party). */
export const DEFAULT_FACT = {
  id: "fact:sim-seeded",
  text: "There will be a harvest festival in the town square on Saturday evening.",
  /** How a question names it: an answer must carry more than these words. */
  topic: "the harvest festival",
};
