// Colyseus 0.18 reconnects through globalThis.WebSocket, which Node 20 lacks (Node 22+ has it).
import { WebSocket as NodeWebSocket } from "ws";

if (typeof globalThis.WebSocket === "undefined") {
  (globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket;
}
