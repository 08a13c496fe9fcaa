// Validates an OpenAPI document read from stdin against the OpenAPI
// Initiative's JSON Schemas (@seriousme/openapi-schema-validator); prints the
// problems and exits 1 when it is not valid. A child process because the
// validator is an ES module, which Jest's CommonJS runtime cannot load.
import { Validator } from '@seriousme/openapi-schema-validator';

let text = '';
for await (const chunk of process.stdin) text += chunk;
const result = await new Validator().validate(JSON.parse(text));
if (!result.valid) {
  console.log(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
