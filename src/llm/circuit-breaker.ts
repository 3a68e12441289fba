import { DEFAULT_BREAKER_COOLDOWN_MS, DEFAULT_BREAKER_FAILURES } from "./constants.ts";

export type BreakerState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe call may try again. */
  cooldownMs?: number;
  now?: () => number;
}


type StateListener = (state: BreakerState, previous: BreakerState) => void;

/**
 * Stops calling a model that keeps failing, so that hundreds of agents get their offline answer at
 * once instead of each waiting through its own retries. Closed: calls pass, failures are counted.
 * Open: calls are refused until the cooldown ends. Half-open: exactly one probe passes; its success
 * closes the circuit, its failure opens it for another cooldown.
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  private readonly now: () => number;
  private current: BreakerState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly listeners = new Set<StateListener>();

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? DEFAULT_BREAKER_FAILURES;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_BREAKER_COOLDOWN_MS;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) throw new RangeError(`breaker failureThreshold must be a positive integer (got ${this.failureThreshold})`);
    if (!(this.cooldownMs >= 0)) throw new RangeError(`breaker cooldownMs must be >= 0 (got ${this.cooldownMs})`);
  }

  /** Stays "open" after the cooldown until the next call asks to pass (and becomes the probe). */
  get state(): BreakerState {
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Listens for transitions; returns a function that stops listening. */
  onStateChange(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether a call may go to the network now. A true answer in half-open makes the caller the probe. */
  tryAcquire(): boolean {
    if (this.current === "closed") return true;
    if (this.current === "open") {
      if (this.now() - this.openedAt < this.cooldownMs) return false;
      this.transition("half_open");
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    // A late success from a call that began before the circuit opened proves little: only the probe closes it.
    if (this.current === "half_open") {
      this.probeInFlight = false;
      this.transition("closed");
    }
  }

  recordFailure(): void {
    if (this.current === "half_open") {
      this.probeInFlight = false;
      this.open();
      return;
    }
    if (this.current === "open") return;
    this.failures += 1;
    if (this.failures >= this.failureThreshold) this.open();
  }

  /** The call ended without telling us anything about the server (the caller gave up): let another probe try. */
  release(): void {
    if (this.current === "half_open") this.probeInFlight = false;
  }

  private open(): void {
    this.openedAt = this.now();
    this.transition("open");
  }

  private transition(next: BreakerState): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
  }
}
