// Validates a carbonlab publish bundle with the standard libraries: the Frictionless Data Package (every resource
// read and cast against its Table Schema) and the RO-Crate 1.1 metadata (loaded, root dataset, its files, and a
// CreateAction per run with carbonlab as instrument). Usage: node validate-bundle.js BUNDLE_DIR
// Exit 0 with what was checked; 1 with the first problem.
const fs = require('fs');
const path = require('path');
const { Package } = require('datapackage');
const { ROCrate } = require('ro-crate');

async function main(dir) {
  const pkg = await Package.load(path.join(dir, 'datapackage.json'), { basePath: dir });
  if (!pkg.valid) {
    throw new Error('datapackage.json is not a valid Data Package: ' + pkg.errors.map(e => e.message).join('; '));
  }
  let rows = 0;
  for (const resource of pkg.resources) {
    if (!resource.tabular) throw new Error(resource.name + ' is not a tabular resource');
    let data;
    try {
      data = await resource.read({ cast: true }); // throws on a value its schema's type does not allow
    } catch (e) {
      throw new Error(resource.name + ' (' + resource.descriptor.path + '): ' + e.message);
    }
    rows += data.length;
  }
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'ro-crate-metadata.json'), 'utf8'));
  const crate = new ROCrate(json, { array: true, link: true });
  const root = crate.rootDataset;
  if (!root) throw new Error('ro-crate-metadata.json has no root dataset');
  const parts = root.hasPart || [];
  for (const part of parts) {
    const id = part['@id'];
    if (!fs.existsSync(path.join(dir, id))) throw new Error('RO-Crate names ' + id + ', which the bundle lacks');
  }
  const actions = json['@graph'].filter(e => e['@type'] === 'CreateAction');
  if (actions.length === 0) throw new Error('RO-Crate has no CreateAction (one per run)');
  for (const a of actions) {
    const tool = crate.getEntity(a.instrument['@id']);
    if (!tool || tool.name[0] !== 'carbonlab') throw new Error(a['@id'] + ': its instrument is not carbonlab');
  }
  console.log('valid: Data Package with ' + pkg.resources.length + ' resources (' + rows + ' rows cast against'
      + ' their schemas); RO-Crate with ' + parts.length + ' files and ' + actions.length + ' CreateActions');
}

main(process.argv[2]).catch(e => { console.error('invalid: ' + e.message); process.exit(1); });
