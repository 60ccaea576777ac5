/**
 * The local `<openai-chatkit>` element: a protocol-faithful ChatKit surface for stories, tests and
 * networks where OpenAI's script cannot load. Importing does nothing; call `registerLocalChatKit()`.
 */
export { LocalChatKitElement } from './LocalChatKitElement';
export { registerLocalChatKit } from './register';
export {
  ChatKitConfigurationError,
  ChatKitHttpError,
  ChatKitProtocolError,
  ChatKitStreamError,
  type ChatKitStreamErrorCode,
} from './errors';
