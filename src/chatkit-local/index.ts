/**
 * The local `<openai-chatkit>` element: a protocol-faithful ChatKit surface for stories, tests and
 * networks where OpenAI's script cannot load. Importing does nothing; call `registerLocalChatKit()`.
 */
export { LocalChatKitElement } from './element/LocalChatKitElement';
export { registerLocalChatKit } from './element/register';
export {
  ChatKitConfigurationError,
  ChatKitHttpError,
  ChatKitProtocolError,
  ChatKitStreamError,
  type ChatKitStreamErrorCode,
} from './transport/chatkitErrors';
