// Writes schema.json (the JSON Schema of apigw-plan.config.json) from the zod schema the code
// validates with. Run `npm run schema` after changing src/config/schema.ts; a test fails until you do.
import { writeFileSync } from 'node:fs';
import { checkConfigJsonSchema } from '../dist/config/schema.js';

writeFileSync(new URL('../schema.json', import.meta.url), `${JSON.stringify(checkConfigJsonSchema(), null, 2)}\n`);
console.log('wrote schema.json');
