/**
 * Hours in a billed month as AWS's pricing calculator and pricing examples count them
 * (365 × 24 ÷ 12 = 730; e.g. the cache examples on https://aws.amazon.com/api-gateway/pricing/).
 */
export const HOURS_PER_MONTH = 730;
