export * from './ChatWidgetPanel';
export { preloadLocalSurface } from '../surface';
