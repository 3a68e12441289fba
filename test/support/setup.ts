import "../../src/websocket-polyfill.ts";
