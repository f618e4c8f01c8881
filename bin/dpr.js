#!/usr/bin/env node
// Launcher for `npx dpr ...`: registers tsx (the project runs its TypeScript sources without a
// build step) and hands over to the CLI entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
