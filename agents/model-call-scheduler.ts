/** What the process-wide scheduler needs of one world's queue (a JobScheduler). */
export interface WorldQueue {
  /** The priority of the world's most urgent waiting job (lower runs first); undefined when none waits. */
  nextPriority(): number | undefined;
  /** Starts the world's most urgent job that may still run, dropping those that may not; the job's end, or undefined when none started. */
  startNext(): Promise<void> | undefined;
}

/**
 * The one scheduler that owns every model call of the process: at most `concurrency` calls in flight
 * across all worlds. Each world keeps its own queue, clock, token budgets and idle mode (JobScheduler);
 * this only decides whose job takes the next free slot.
 *
 * Priorities stay strict across worlds: a player waiting for a reply in one world goes before planning
 * in another. Within a priority level the worlds take turns (round-robin), rather than being weighted by
 * how much each has queued: a world with many agents (or a backlog) then cannot crowd out a small one,
 * and no world waits longer than one turn of the others per free slot, whatever their queues hold.
 */
export class ModelCallScheduler {
  private readonly worlds: WorldQueue[] = [];
  private lastServed = -1;
  private running = 0;

  constructor(private readonly options: { concurrency: number }) {}

  /** Model calls in flight now, across all worlds. */
  get inFlight(): number {
    return this.running;
  }

  join(world: WorldQueue): void {
    if (!this.worlds.includes(world)) this.worlds.push(world);
  }

  /** The world is gone: it gets no more slots (its running calls still end and free theirs). */
  leave(world: WorldQueue): void {
    const index = this.worlds.indexOf(world);
    if (index < 0) return;
    this.worlds.splice(index, 1);
    if (index <= this.lastServed) this.lastServed--;
  }

  /** Fills free slots with the most urgent waiting jobs, taking worlds in turn. */
  pump(): void {
    while (this.running < this.options.concurrency) {
      const world = this.nextWorld();
      if (!world) return;
      // The slot is taken before the job starts, so a job that submits another as it starts cannot overfill.
      this.running++;
      const end = world.startNext();
      if (!end) {
        this.running--;
        continue;
      }
      void end.finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private nextWorld(): WorldQueue | undefined {
    let best: number | undefined;
    for (const world of this.worlds) {
      const priority = world.nextPriority();
      if (priority !== undefined && (best === undefined || priority < best)) best = priority;
    }
    if (best === undefined) return undefined;
    for (let step = 1; step <= this.worlds.length; step++) {
      const index = (this.lastServed + step) % this.worlds.length;
      if (this.worlds[index]!.nextPriority() === best) {
        this.lastServed = index;
        return this.worlds[index];
      }
    }
    return undefined;
  }
}
