import type { Row } from '../../platform/records/row.ts';
import { DEMO_PRODUCTS, versionName } from './demo-products.ts';
import { userId, type SeedContext } from './seed-context.ts';

export interface DemoModels {
  /** Product name → product model row. */
  products: Map<string, Row>;
  /** `<product> <version>` → version model row. */
  versions: Map<string, Row>;
}

/** Application and service models, and their versions as `cmdb_sw_component_model` records. */
export async function insertProducts(ctx: SeedContext): Promise<DemoModels> {
  const products = new Map<string, Row>();
  for (const table of ['cmdb_application_product_model', 'cmdb_service_product_model'] as const) {
    const defs = DEMO_PRODUCTS.filter((p) => p.table === table);
    const rows = await ctx.w.insert(
      table,
      defs.map((p) => ({ name: p.name, short_description: p.shortDescription, description: p.description, owner: userId(ctx, p.owner) })),
    );
    rows.forEach((row, i) => products.set(defs[i].name, row));
  }
  const versionDefs = DEMO_PRODUCTS.flatMap((p) => p.versions.map((version) => ({ product: p, version })));
  const rows = await ctx.w.insert(
    'cmdb_sw_component_model',
    versionDefs.map(({ product, version }) => ({
      name: versionName(product.name, version),
      short_description: `${product.name} version ${version}`,
      product: products.get(product.name)!.sys_id,
      version,
      owner: userId(ctx, product.owner),
    })),
  );
  const versions = new Map(rows.map((row) => [String(row.name), row]));
  return { products, versions };
}
