import { refsOf, Unknown } from '../resolve.js';
import type { EndpointType, IacApi, IacModel } from '../types.js';
import { type CfnContext, ENDPOINTS, isObj } from './context.js';
import { stageName } from './stages.js';

/** Custom domains and their mappings, VPC links and load balancers. */
export function readDomainsAndLinks(cx: CfnContext): void {
  const { r, model, src, str, prop, refId, idOf } = cx;
  const domains = new Map<string, IacModel['domains'][number]>();
  for (const [id, res] of cx.ofType('AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName')) {
    const p = res.Properties ?? {};
    const ec = r.value(p.EndpointConfiguration);
    const types = isObj(ec) ? ec.Types : undefined;
    const isV1 = res.Type !== 'AWS::ApiGatewayV2::DomainName';
    const priv = res.Type === 'AWS::ApiGateway::DomainNameV2';
    let endpointType: EndpointType | null = isV1
      ? priv
        ? 'PRIVATE'
        : p.RegionalCertificateArn !== undefined
          ? 'REGIONAL'
          : 'EDGE'
      : 'REGIONAL';
    if (Array.isArray(types) && ENDPOINTS.includes(types[0] as EndpointType)) endpointType = types[0] as EndpointType;
    else if (types !== undefined) endpointType = null;
    const d = {
      id: idOf(id),
      name: str(prop(res, 'DomainName')),
      endpointType,
      kind: isV1 ? ('v1' as const) : ('v2' as const),
      private: priv || endpointType === 'PRIVATE',
      src: src(id),
      mappings: [],
    };
    model.domains.push(d);
    domains.set(id, d);
  }
  for (const [id, res] of cx.ofType(
    'AWS::ApiGateway::BasePathMapping',
    'AWS::ApiGateway::BasePathMappingV2',
    'AWS::ApiGatewayV2::ApiMapping',
  )) {
    const p = res.Properties ?? {};
    const dn = r.value(p.DomainName ?? p.DomainNameArn);
    const domain = domains.get(refId(dn) ?? '') ?? model.domains.find((d) => d.name !== null && d.name === dn);
    const api = cx.apis.get(refId(r.value(p.RestApiId ?? p.ApiId)) ?? '');
    const mapping = { api: api?.id ?? null, stage: stageName(cx, p.Stage), basePath: str(r.value(p.BasePath ?? p.ApiMappingKey)) ?? '' };
    if (domain) domain.mappings.push(mapping);
    else cx.finding('IAC_MAPPING_UNRESOLVED', 'info', `${id}: its custom domain is not defined here`, src(id));
  }
  for (const [id, res] of cx.ofType('AWS::ApiGateway::VpcLink', 'AWS::ApiGatewayV2::VpcLink')) {
    const v2 = res.Type === 'AWS::ApiGatewayV2::VpcLink';
    const subnets = v2 ? r.value(res.Properties?.SubnetIds) : undefined;
    model.vpcLinks.push({
      id: idOf(id),
      name: str(prop(res, 'Name')),
      version: v2 ? 'v2' : 'v1',
      subnets: v2 ? (Array.isArray(subnets) ? subnets.length : null) : null,
      src: src(id),
    });
  }
  for (const [id, res] of cx.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const t = str(prop(res, 'Type')) ?? 'application';
    model.loadBalancers.push({
      id: idOf(id),
      name: str(prop(res, 'Name')),
      type: t === 'application' || t === 'network' || t === 'gateway' ? t : null,
      src: src(id),
    });
  }
}

/** WAF web ACL associations with API stages, and the number of rules of each web ACL. */
export function readWafAssociations(cx: CfnContext): void {
  const { r, resources, src, str, refId, idOf } = cx;
  const webAclRules = (logicalId: string | undefined): number | null => {
    const acl = logicalId ? resources[logicalId] : undefined;
    if (!acl) return null;
    const rules = r.value(acl.Properties?.Rules);
    return Array.isArray(rules) ? rules.length : rules === undefined ? 0 : null;
  };
  for (const [id, res] of cx.ofType('AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation')) {
    const p = res.Properties ?? {};
    const aclRef = refId(r.value(p.WebACLArn ?? p.WebACLId));
    const target = r.value(p.ResourceArn);
    const text = typeof target === 'string' ? target : target instanceof Unknown ? (target.display ?? '') : '';
    const m = /\/restapis\/([^/]+)\/stages\/([^/]+)/.exec(text);
    let api: IacApi | undefined;
    let stage: string | null = null;
    if (m) {
      const apiRef = /^\$\{([^}.]+)/.exec(m[1]!)?.[1];
      api = apiRef ? cx.apis.get(apiRef) : undefined;
      const stageRef = /^\$\{([^}.]+)/.exec(m[2]!)?.[1];
      stage = stageRef ? (cx.stageByLogical.get(stageRef)?.stage.name ?? null) : m[2]!;
    } else {
      // a Ref/GetAtt to a stage resource
      for (const ref of refsOf(target)) {
        const hit = cx.stageByLogical.get(ref);
        if (hit) {
          api = hit.api;
          stage = hit.stage.name;
        }
      }
    }
    if (!api)
      cx.finding('IAC_WAF_TARGET_UNKNOWN', 'info', `${id}: the protected resource is not an API Gateway stage defined here`, src(id));
    cx.model.waf.push({
      id: idOf(id),
      webAcl: aclRef ?? str(r.value(p.WebACLArn ?? p.WebACLId)),
      rules: webAclRules(aclRef),
      api: api?.id ?? null,
      stage,
      src: src(id),
    });
  }
}
