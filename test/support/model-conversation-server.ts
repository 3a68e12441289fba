import { conversationWorld, fakeModelServerEnv } from "./conversation-world.ts";
import { startFakeOpenAiServer, type ChatBehaviour, type FakeOpenAiServer, type RecordedRequest } from "./fake-openai-server.ts";
import { startTestServer, type RunningServer } from "./game-server.ts";

export interface ModelConversationServer {
  fake: FakeOpenAiServer;
  server: RunningServer;
  stop(): Promise<void>;
}

/**
 * A game server on the conversation world (NPCs do not start talks of their own) whose agents think
 * with the fake OpenAI-compatible server, answering every chat request with `behaviour`.
 */
export async function startModelConversationServer(behaviour: (request: RecordedRequest) => ChatBehaviour, env: Record<string, string> = {}): Promise<ModelConversationServer> {
  const fake = await startFakeOpenAiServer({ embeddingDimensions: 32 });
  fake.script(...Array.from({ length: 5_000 }, () => behaviour));
  const world = await conversationWorld({ conversations: { npcChattiness: 0 } });
  const server = await startTestServer({ ...fakeModelServerEnv(world.worldsDir, fake.baseURL), ...env });
  return {
    fake,
    server,
    async stop() {
      await server.stop();
      await fake.close();
      await world.cleanup();
    },
  };
}
