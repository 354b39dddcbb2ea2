// A worker thread starts without the server's TypeScript loader: register tsx, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
