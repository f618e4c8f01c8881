import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ReleaseBundleSNC, type ReleaseBundleContext } from './release-bundle-snc.ts';

/** The class the bundle endpoint instantiates: `ReleaseBundleSNC` or a subclass of it. */
export type ReleaseBundleClass = new (context: ReleaseBundleContext) => ReleaseBundleSNC;

/** The extension module named by `DPR_EXTENSIONS`, once loaded and checked. */
export interface BundleExtension {
  /** Absolute path of the module (named in log lines when it fails). */
  path: string;
  /** The subclass from its `ReleaseBundle` export, or undefined when it exports none. */
  ReleaseBundle?: ReleaseBundleClass;
}

export class ExtensionLoadError extends Error {}

/**
 * Loads the ES module named by `DPR_EXTENSIONS` (a path, relative to the working directory, or a
 * `file:` URL) at start (CONTRACT §8 "Extension module"). Its `ReleaseBundle` export is either a
 * function that receives `ReleaseBundleSNC` and returns a subclass (the documented form; it is
 * called once, here) or, for authors who import the base class themselves, the subclass itself.
 * Anything wrong stops the start with an error naming the path.
 */
export async function loadBundleExtension(setting: string | undefined): Promise<BundleExtension | undefined> {
  if (!setting || !setting.trim()) return undefined;
  const spec = setting.trim();
  const path = spec.startsWith('file:') ? fileURLToPath(spec) : isAbsolute(spec) ? spec : resolve(process.cwd(), spec);
  const url = pathToFileURL(path).href;
  const fail = (why: string) => new ExtensionLoadError(`Cannot load the DPR_EXTENSIONS module ${path}: ${why}`);

  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  const exported = module.ReleaseBundle;
  if (exported === undefined) return { path };
  if (typeof exported !== 'function') throw fail('its ReleaseBundle export must be a function receiving ReleaseBundleSNC and returning a subclass');
  if (extendsBase(exported)) return { path, ReleaseBundle: exported as ReleaseBundleClass };

  let made: unknown;
  try {
    made = (exported as (base: typeof ReleaseBundleSNC) => unknown)(ReleaseBundleSNC);
  } catch (error) {
    throw fail(`ReleaseBundle(ReleaseBundleSNC) threw: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!extendsBase(made)) throw fail('ReleaseBundle(ReleaseBundleSNC) must return a class extending ReleaseBundleSNC');
  return { path, ReleaseBundle: made as ReleaseBundleClass };
}

function extendsBase(candidate: unknown): boolean {
  return typeof candidate === 'function' && (candidate === ReleaseBundleSNC || candidate.prototype instanceof ReleaseBundleSNC);
}
