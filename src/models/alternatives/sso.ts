import { formatQuantity, formatUnitPrice, formatUsd } from '../../money/format.js';
import { dec } from '../../money/decimal.js';
import type { Price, PriceBook } from '../../prices/price-book.js';
import { flatLine, tieredLines } from '../pricing/tiers.js';
import { userInputProvenance, type Finding, type LineItem, type PriceProvenance } from '../types.js';
import type { SsoConfig } from '../workload.js';
import type { CostParts } from './alb.js';

/**
 * Single sign-on in front of the ALB option: the ALB's authenticate-cognito / authenticate-oidc
 * listener action, billed by the identity provider. Sources: https://aws.amazon.com/cognito/pricing/
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html and
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html.
 */

const PLAN_LABEL: Record<SsoConfig['cognitoPlan'], string> = { lite: 'Lite', essentials: 'Essentials', plus: 'Plus' };

/** Why SSO cost does not move with request volume (true of any IdP behind the ALB). */
const SSO_ASSUMPTIONS = [
  'The ALB calls the identity provider only on login and session refresh (session cookie AWSELBAuthSessionCookie), so request volume does not drive SSO cost.',
  'Monthly active users do not scale with traffic: break-even searches hold them fixed.',
];

export function ssoLines(sso: SsoConfig, book: PriceBook): CostParts {
  switch (sso.provider) {
    case 'none':
      return { lines: [], assumptions: [], findings: [] };
    case 'cognito':
      return cognitoLines(sso, book);
    case 'oidc':
      return oidcLines(sso, book);
  }
}

/** "first 10,000 MAU free" when the snapshot's first tier is $0, else "no free MAU". */
function freeMauAssumption(price: Price, plan: string): string {
  const first = price.tiers[0]!;
  if (first.usdPerUnit.isZero() && first.to !== undefined) {
    return `Cognito ${plan}: the first ${formatQuantity(first.to)} MAU are free (the $0 first tier; per account, not expiring), assumed unused by other user pools.`;
  }
  return `Cognito ${plan}: no free MAU.`;
}

function cognitoLines(sso: SsoConfig, book: PriceBook): CostParts {
  const plan = PLAN_LABEL[sso.cognitoPlan];
  const mauPrice = book.get(`cognito.${sso.cognitoPlan}.mau`);
  const lines: LineItem[] = tieredLines(mauPrice, sso.mau, `Cognito ${plan} MAU`);
  const assumptions = [...SSO_ASSUMPTIONS, freeMauAssumption(mauPrice, plan)];
  const findings: Finding[] = [];
  // M2M prices only when M2M is used: a Region without them still prices user sign-in
  if (sso.m2mAppClients > 0) {
    lines.push(flatLine(book.get('cognito.m2m.app-clients'), dec(sso.m2mAppClients), 'Cognito M2M app clients'));
  }
  if (sso.m2mTokenRequestsPerMonth.gt(0)) {
    const tokenPrice = book.get('cognito.m2m.token-requests');
    lines.push(flatLine(tokenPrice, sso.m2mTokenRequestsPerMonth, 'Cognito M2M token requests'));
    assumptions.push(
      `Cognito M2M token requests at ${formatUnitPrice(tokenPrice.tiers[0]!.usdPerUnit.times(1000))} per 1,000 (the first tier); ` +
        'AWS lowers the price at volume, so at high volume this is an upper bound.',
    );
    if (sso.m2mAppClients === 0) {
      findings.push({
        code: 'COGNITO_M2M_WITHOUT_APP_CLIENT',
        level: 'warn',
        message: `M2M token requests are set but no M2M app client: client-credentials tokens need at least one app client (${formatUsd(book.get('cognito.m2m.app-clients').tiers[0]!.usdPerUnit)} a month each)`,
      });
    }
  }
  return { lines, assumptions, findings };
}

/** The external IdP's price is the user's figure, not AWS's: its provenance says so. */
function userPriceProvenance(sso: SsoConfig, book: PriceBook): PriceProvenance {
  return userInputProvenance('user.oidc.mau', book.region, sso.oidcProviderName, 'OIDC-MAU');
}

function oidcLines(sso: SsoConfig, book: PriceBook): CostParts {
  const name = sso.oidcProviderName;
  const assumptions = [
    ...SSO_ASSUMPTIONS,
    `External OIDC provider ${name} via the ALB's authenticate-oidc action: no AWS charge beyond the ALB's LCUs.`,
  ];
  const lines: LineItem[] = [];
  if (sso.oidcUsdPerMau.gt(0) && sso.mau.gt(0)) {
    lines.push({
      component: `${name} MAU (external OIDC)`,
      tier: undefined,
      quantity: sso.mau,
      unit: 'MAU',
      unitPrice: sso.oidcUsdPerMau,
      cost: sso.mau.times(sso.oidcUsdPerMau),
      source: userPriceProvenance(sso, book),
      note: `your price: ${formatUnitPrice(sso.oidcUsdPerMau)} per MAU`,
    });
  } else {
    assumptions.push(`${name}'s own charge is not modelled (no price per MAU given).`);
  }
  return { lines, assumptions, findings: [] };
}
