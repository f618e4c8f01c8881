import { ref, str } from '../../catalog/column-dsl.ts';
import type { TableDef } from '../../catalog/types.ts';

const versionColumns = () => [ref('product', 'cmdb_model'), str('version')];

/** Product and version models, stored under `cmdb_model` (CONTRACT §4). Frozen with 0001. */
export const cmdbTables: TableDef[] = [
  {
    name: 'cmdb_model',
    label: 'Product Model',
    columns: [str('name', { mandatory: true }), str('short_description'), str('description'), ref('owner', 'sys_user')],
  },
  { name: 'cmdb_application_product_model', label: 'Application Model', super_class: 'cmdb_model', columns: [] },
  { name: 'cmdb_service_product_model', label: 'Service Model', super_class: 'cmdb_model', columns: [] },
  { name: 'cmdb_software_product_model', label: 'Software Model', super_class: 'cmdb_model', columns: versionColumns() },
  { name: 'cmdb_service_offering_model', label: 'Service Offering Model', super_class: 'cmdb_model', columns: versionColumns() },
  { name: 'cmdb_sw_component_model', label: 'System Component Model', super_class: 'cmdb_model', columns: versionColumns() },
  {
    name: 'cmdb_software_component_model',
    label: 'Software Component Model',
    super_class: 'cmdb_sw_component_model',
    columns: [],
  },
];
