import { phraseActivity } from "./activity-phrase.ts";
import type { AgentSim, PlayerSim } from "./entities.ts";
import type { WorldEvent } from "./world-event.ts";

/** What an agent notices when someone comes into view, worded for its memory stream. */
export function observationOf(observer: AgentSim, subject: AgentSim | PlayerSim, gameTime: number): WorldEvent {
  return {
    type: "observation",
    observerId: observer.id,
    subjectKind: subject.kind,
    subjectId: subject.id,
    subjectName: subject.name,
    x: Math.round(subject.x),
    y: Math.round(subject.y),
    gameTime: Math.floor(gameTime),
    text: `${subject.name} is nearby, ${doingOf(subject)}`,
  };
}

function doingOf(subject: AgentSim | PlayerSim): string {
  if (subject.kind === "agent") return phraseActivity(subject.activity).doing;
  return subject.moving ? "walking by" : "standing around";
}
