import { describe, expect, it } from 'vitest';
import { readIac } from '../../src/iac/read.js';
import { buildInventory, type InventoryReport } from '../../src/models/iac/inventory.js';
import { ROOT } from '../helpers/cli.js';

/**
 * Every fixture's counts, derived by hand from the fixture as API Gateway would count them
 * (the derivation is written beside each assertion), against what `inventory` reports.
 */
const BUNDLED = {
  'L-01C8A9E0': { value: 300 },
  'L-379E48B0': { value: 10 },
  'L-65B5C802': { value: 300 },
  'L-95BA6EA5': { value: 100 },
  'L-E5AE38E3': { value: 29000 },
};

function inventory(paths: string[], parameters: Record<string, string> = {}): InventoryReport {
  return buildInventory(readIac(paths, { cwd: ROOT, parameters }), { bundled: BUNDLED, description: 'test defaults' });
}
const api = (r: InventoryReport, label: string) => {
  const a = r.apis.find((x) => x.label === label);
  if (!a) throw new Error(`no API ${label} in ${r.apis.map((x) => x.label).join(', ')}`);
  return a;
};
const quota = (r: InventoryReport, id: string) => {
  const q = r.quotas.find((x) => x.id === id);
  if (!q) throw new Error(`no quota row ${id} in ${r.quotas.map((x) => x.id).join(', ')}`);
  return q;
};

describe('CloudFormation YAML with short-form intrinsics (examples/iac/cfn/orders.yaml)', () => {
  const r = inventory(['examples/iac/cfn/orders.yaml']);
  const orders = api(r, 'orders-prod');

  it('resources: every path prefix, root included; a resource whose condition is false is not created', () => {
    // Resources: OrdersResource /orders, OrderResource /orders/{id}, OrderItemsResource /orders/{id}/items
    // (PathPart !Select [1, !Split ["/", "orders/items"]] = "items"). AdminResource has Condition WithAdmin =
    // EnableAdmin ("false" by default) == "true" AND IsProd → false: not created. + root "/" → 4.
    expect(orders.resources).toEqual(['/', '/orders', '/orders/{id}', '/orders/{id}/items']);
    expect(orders.counts.resources).toBe(4);
    // Methods: GET+POST /orders, GET+DELETE /orders/{id}, GET /orders/{id}/items = 5 (AdminMethod not created)
    expect(orders.methods!.map((m) => `${m.method} ${m.path}`)).toEqual([
      'GET /orders',
      'POST /orders',
      'DELETE /orders/{id}',
      'GET /orders/{id}',
      'GET /orders/{id}/items',
    ]);
  });

  it('name from !Join, endpoint, one stage (the Deployment has no StageName), one authorizer', () => {
    expect([orders.name, orders.endpointType, orders.counts.stages, orders.counts.authorizers]).toEqual(['orders-prod', 'REGIONAL', 1, 1]);
  });

  it('stage settings: !FindInMap throttles, per-method throttle, cache from !If and a parameter default, variables, timeout from !If', () => {
    const stage = orders.stages[0]!;
    // EnvSettings.prod: Rate 100, Burst 50; "/~1orders" POST → "POST /orders" 20/10
    expect([stage.name, stage.throttle?.rate, stage.throttle?.burst]).toEqual(['prod', 100, 50]);
    expect(stage.routeThrottles.map((t) => [t.route, t.rate, t.burst])).toEqual([['POST /orders', 20, 10]]);
    expect(stage.cache).toMatchObject({ enabled: true, sizeGb: '1.6' });
    expect(stage.variables).toBe(2);
    // CreateOrder TimeoutInMillis !If [IsProd, 12000, 29000] → 12000
    expect(orders.timeouts.map((t) => t.ms)).toEqual([12000]);
    expect(stage.throttle?.src.line).toBeGreaterThan(100);
  });

  it('usage plan from !Sub and !FindInMap, its key, domain, WAF (2 rules) and VPC link', () => {
    expect(r.usagePlans).toHaveLength(1);
    const plan = r.usagePlans[0]!;
    expect([plan.name, plan.throttle?.rate, plan.throttle?.burst, plan.quota?.limit, plan.quota?.period]).toEqual([
      'prod-partners',
      25,
      50,
      5000,
      'DAY',
    ]);
    expect(plan.apiStages).toEqual([
      { api: orders.id, stage: 'prod', throttles: [expect.objectContaining({ route: 'GET /orders', rate: 5, burst: 10 })] },
    ]);
    // PartnerKeyName has no default: the key is named by its logical id, not a guess
    expect(r.apiKeys.map((k) => k.name)).toEqual(['PartnerKey']);
    expect(plan.keys).toEqual([r.apiKeys[0]!.id]);
    expect(r.domains.map((d) => [d.name, d.endpointType, d.mappings])).toEqual([
      ['api.orders.example.com', 'REGIONAL', [{ api: orders.id, stage: 'prod', basePath: 'v1' }]],
    ]);
    expect(r.waf.map((w) => [w.api, w.stage, w.rules])).toEqual([[orders.id, 'prod', 2]]);
    expect(r.vpcLinks.map((l) => l.version)).toEqual(['v1']);
    expect(r.loadBalancers.map((b) => b.type)).toEqual(['network']);
  });

  it('a parameter value decides a condition: EnableAdmin=true creates /admin and its method', () => {
    const withAdmin = api(inventory(['examples/iac/cfn/orders.yaml'], { EnableAdmin: 'true' }), 'orders-prod');
    // 4 + /admin = 5 resources; 5 + ANY /admin = 6 methods
    expect([withAdmin.counts.resources, withAdmin.counts.methods]).toEqual([5, 6]);
    const dev = inventory(['examples/iac/cfn/orders.yaml'], { Env: 'dev' });
    // Env=dev: EnvSettings.dev Rate 10 / Burst 5; cache off (!If IsProd false)
    expect(dev.apis[0]!.stages[0]!.throttle).toMatchObject({ rate: 10, burst: 5 });
    expect(dev.apis[0]!.stages[0]!.cache?.enabled).toBe(false);
  });

  it('quota rows cite the AWS page that defines them', () => {
    const q = quota(r, `L-01C8A9E0@${orders.id}`);
    expect([q.used, q.limit, q.headroom, q.status]).toEqual([4, 300, 296, 'ok']);
    expect(q.docUrl).toBe('https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html');
    expect(quota(r, `rest-authorizers-per-api@${orders.id}`)).toMatchObject({ used: 1, limit: 10 });
  });
});

describe('AWS SAM with implicit APIs (examples/iac/sam/template.yaml)', () => {
  const r = inventory(['examples/iac/sam/template.yaml']);

  it('the implicit REST API collects the Api events without RestApiId; SAM adds the "Stage" stage', () => {
    const a = api(r, 'ServerlessRestApi');
    // events: GET /pets, POST /pets, GET /pets/{id}, ANY /admin/{proxy+}
    // resources: / /pets /pets/{id} /admin /admin/{proxy+} = 5; methods 4
    expect(a.resources).toEqual(['/', '/admin', '/admin/{proxy+}', '/pets', '/pets/{id}']);
    expect(a.counts.methods).toBe(4);
    // stage "Prod", plus "Stage" because no OpenApiVersion is set; no EndpointConfiguration → EDGE
    expect(a.stages.map((s) => s.name)).toEqual(['Prod', 'Stage']);
    expect(a.endpointType).toBe('EDGE');
  });

  it('the implicit HTTP API: method+path routes and $default for an event with neither', () => {
    const a = api(r, 'ServerlessHttpApi');
    // GET /health, POST /webhooks/{source}, and CatchAll (no Path, no Method) = $default → 3 routes, 3 integrations
    expect(a.routes!.map((x) => x.key).sort()).toEqual(['$default', 'GET /health', 'POST /webhooks/{source}']);
    expect([a.counts.integrations, a.stages.map((s) => s.name)]).toEqual([3, ['$default']]);
    expect(a.timeouts.map((t) => t.ms)).toEqual([5000]);
  });

  it('the explicit API: its events, stage from a parameter, authorizer and per-API usage plan with a key', () => {
    const a = api(r, 'partner-api');
    // GET /quotes, GET /quotes/{id} → / /quotes /quotes/{id} = 3 resources; OpenApiVersion set → one stage "v1"
    expect([a.counts.resources, a.counts.methods, a.stages.map((s) => s.name), a.counts.authorizers, a.endpointType]).toEqual([
      3,
      2,
      ['v1'],
      1,
      'REGIONAL',
    ]);
    expect(a.stages[0]!.throttle).toMatchObject({ rate: 50, burst: 100 });
    expect(r.usagePlans.map((p) => [p.name, p.throttle?.rate, p.throttle?.burst, p.quota?.limit, p.quota?.period, p.keys.length])).toEqual([
      ['partners', 10, 20, 2000, 'DAY', 1],
    ]);
    expect(r.usagePlans[0]!.apiStages).toEqual([{ api: a.id, stage: 'v1', throttles: [] }]);
  });
});

describe('CDK cdk.out with a nested stack (examples/iac/cdk.out)', () => {
  const r = inventory(['examples/iac/cdk.out']);

  it('reads the stack and its nested stack, with construct paths as sources', () => {
    expect(r.inputs.map((i) => [i.file, i.format, i.stack])).toEqual([
      ['examples/iac/cdk.out/BooksStack.template.json', 'cdk', 'BooksStack'],
      [
        'examples/iac/cdk.out/BooksStackChat1A2B3C4D.nested.template.json',
        'cdk',
        'BooksStack/ChatNestedStackChatNestedStackResource9A8B7C6D',
      ],
    ]);
    const books = api(r, 'books');
    // / /books /books/{isbn} = 3 resources; GET+POST /books, GET /books/{isbn} = 3 methods
    expect([books.counts.resources, books.counts.methods, books.stages.map((s) => s.name)]).toEqual([3, 3, ['prod']]);
    expect(books.src.at).toBe('BooksStack/BooksApi/Resource');
    expect(books.stages[0]!.routeThrottles.map((t) => [t.route, t.rate, t.burst])).toEqual([['GET /books/{isbn}', 80, 40]]);
    expect(books.stages[0]!.cache).toMatchObject({ enabled: true, sizeGb: '0.5' });
  });

  it('the nested WebSocket API: routes by route key, the stage name passed down as a parameter', () => {
    const chat = api(r, 'chat');
    // $connect, $disconnect, $default, sendMessage = 4 routes; 2 integrations; stage "live" from the parent's Parameters
    expect([chat.type, chat.counts.routes, chat.counts.integrations, chat.stages.map((s) => s.name)]).toEqual([
      'websocket',
      4,
      2,
      ['live'],
    ]);
    expect(chat.stages[0]!.routeThrottles.map((t) => [t.route, t.rate, t.burst])).toEqual([['sendMessage', 100, 50]]);
    expect(quota(r, `L-01C8A9E0@${chat.id}`)).toMatchObject({ name: 'Routes per WebSocket API', used: 4, limit: 300 });
  });
});

describe('Terraform plan JSON (examples/iac/terraform/plan.json)', () => {
  const r = inventory(['examples/iac/terraform/plan.json']);

  it('links resources by the configuration references (ids are unknown until apply)', () => {
    const a = api(r, 'accounts');
    // users (parent root_resource_id) → /users; user (parent users) → /users/{id}; + root = 3; the deleted "legacy" is not counted
    expect(a.resources).toEqual(['/', '/users', '/users/{id}']);
    expect([a.counts.methods, a.stages.map((s) => s.name), a.endpointType]).toEqual([3, ['live'], 'REGIONAL']);
    // method settings "*/*" 300/150 and "users/GET" 50/25
    expect(a.stages[0]!.throttle).toMatchObject({ rate: 300, burst: 150 });
    expect(a.stages[0]!.routeThrottles.map((t) => [t.route, t.rate, t.burst])).toEqual([['GET /users', 50, 25]]);
    expect(a.stages[0]!.cache).toMatchObject({ enabled: true, sizeGb: '6.1' });
  });

  it('usage plans with quotas and per-method throttles, keys, WAF and the HTTP API', () => {
    expect(r.usagePlans.map((p) => [p.name, p.throttle?.rate, p.quota?.limit, p.quota?.period, p.keys.length])).toEqual([
      ['gold', 100, 100000, 'MONTH', 1],
      ['free', 5, 1000, 'DAY', 0],
    ]);
    expect(r.usagePlans[0]!.apiStages).toEqual([
      {
        api: 'aws_api_gateway_rest_api.main',
        stage: 'live',
        throttles: [expect.objectContaining({ route: 'GET /users', rate: 20, burst: 40 })],
      },
    ]);
    expect(r.waf.map((w) => [w.api, w.stage, w.rules])).toEqual([['aws_api_gateway_rest_api.main', 'live', 3]]);
    const events = api(r, 'events');
    // routes POST /events, GET /events/{id} = 2; one integration
    expect([events.counts.routes, events.counts.integrations]).toEqual([2, 1]);
    expect(events.stages[0]!.routeThrottles.map((t) => [t.route, t.rate])).toEqual([['POST /events', 200]]);
    expect(r.loadBalancers.map((b) => [b.name, b.type])).toEqual([['accounts-internal', 'application']]);
  });
});

describe('OpenAPI bodies and files (examples/iac/openapi, made by scripts/make-openapi-fixture.mjs)', () => {
  it('301 resources from 200 paths: resources are path prefixes, not paths', () => {
    const r = inventory(['examples/iac/openapi/rest-api-301.yaml']);
    const a = api(r, 'catalog-301');
    // 100 collections × (/cN, /cN/{id}, /cN/{id}/history) + root = 301, from only 2 declared paths each (200 paths)
    expect(a.counts.resources).toBe(1 + 3 * 100);
    expect(new Set(a.methods!.map((m) => m.path)).size).toBe(200);
    expect(quota(r, `L-01C8A9E0@${a.id}`)).toMatchObject({ used: 301, limit: 300, headroom: -1, status: 'over' });
    expect(r.verdict).toContain(
      '1 quota over the limit: Resources per REST API 301 of 300 in catalog-301 (examples/iac/openapi/rest-api-301.yaml:',
    );
  });

  it('299 resources (Swagger 2 body): 99 full collections + /c100 alone', () => {
    const r = inventory(['examples/iac/openapi/rest-api-299.yaml']);
    const a = api(r, 'catalog-299');
    expect(a.counts.resources).toBe(1 + 3 * 99 + 1);
    expect(quota(r, `L-01C8A9E0@${a.id}`)).toMatchObject({ used: 299, headroom: 1, status: 'ok' });
  });

  it('a standalone OpenAPI file is a REST API (or HTTP with --openapi-as): prefixes vs method+path routes', () => {
    const rest = inventory(['examples/iac/openapi/openapi-301.json']);
    expect([rest.apis[0]!.type, rest.apis[0]!.counts.resources, rest.apis[0]!.endpointType]).toEqual(['rest', 301, null]);
    const http = buildInventory(readIac(['examples/iac/openapi/openapi-301.json'], { cwd: ROOT, parameters: {}, openapiAs: 'http' }), {
      bundled: BUNDLED,
      description: 'test',
    });
    // HTTP: one route per method and path: 100 × (GET+POST /cN, GET /cN/{id}/history) = 300
    expect(http.apis[0]!.counts.routes).toBe(300);
  });
});
