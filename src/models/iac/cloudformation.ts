import { readAuthorizersIntegrationsRoutes, readResourcesAndMethods, readRestApis, readV2Apis } from './cfn/apis.js';
import { type CfnInput, cfnContext } from './cfn/context.js';
import { readDomainsAndLinks, readWafAssociations } from './cfn/edges.js';
import { readStages } from './cfn/stages.js';
import { readUsagePlans } from './cfn/usage-plans.js';
import type { IacModel } from './types.js';

/**
 * A CloudFormation template (after the SAM transform where there was one) → what it declares
 * about API Gateway. Pure: the template is plain data (the file was read by src/iac).
 *
 * Each part in cfn/ reads its resource types; the order below is the order of the findings
 * (APIs first, since everything else refers to them; stages before usage plans, mappings and WAF
 * associations, which name stages). Resource types:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_ApiGateway.html
 */
export function readCloudFormation(input: CfnInput): IacModel {
  const cx = cfnContext(input);
  readRestApis(cx);
  readV2Apis(cx);
  readResourcesAndMethods(cx);
  readAuthorizersIntegrationsRoutes(cx);
  readStages(cx);
  readUsagePlans(cx);
  readDomainsAndLinks(cx);
  readWafAssociations(cx);

  // a part made unknown by a resource that may not exist makes the whole list unknown
  for (const [logical, what] of cx.unknownParts) {
    const api = cx.apis.get(logical);
    if (!api) continue;
    for (const w of what) {
      if (w === 'resources') {
        api.resources = null;
        api.methods = null;
      } else if (w === 'routes') api.routes = null;
      else if (w === 'authorizers') api.authorizers = null;
      else if (w === 'stages') api.stagesUnknown = true;
    }
  }
  const model = cx.model;
  model.apis.push(...cx.apis.values());
  for (const api of model.apis)
    if (api.methods) api.methods.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return model;
}
