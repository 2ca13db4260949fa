import { NEED_IDS, type NeedId } from '../models/capabilities.js';
import { z } from 'zod';

/**
 * The scenario file (JSON or YAML): several APIs and the alternatives' settings, costed in
 * one run. Volumes accept numbers or strings with K/M/B/T and "/s" ("50M", "200/s"); sizes
 * accept numbers (bytes) or strings with units ("4.5MB", KB = 1,024 bytes).
 */
const volume = z.union([z.number(), z.string()]);
const size = z.union([z.number(), z.string()]);
const positiveInt = z.number().int().nonnegative();

export const apiSchema = z
  .object({
    name: z.string().min(1),
    type: z.enum(['rest', 'http', 'websocket']),
    requests: volume.optional(),
    requestSize: size.optional(),
    responseSize: size.optional(),
    maxRequestSize: size.optional(),
    maxResponseSize: size.optional(),
    messages: volume.optional(),
    messageSize: size.optional(),
    connectionMinutes: volume.optional(),
    cacheSizeGb: z.union([z.number(), z.string()]).optional(),
    private: z
      .object({
        endpointAzs: z.number().int().min(1).max(6),
        /** The VPC whose execute-api interface endpoint the API shares with the other private APIs there. */
        vpc: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    waf: z.object({ rules: positiveInt }).strict().optional(),
    /** Stage name: cost per API and stage. The same API may be listed once per stage. */
    stage: z.string().min(1).optional(),
    /** A payload file (the format `simulate --payload` reads), relative to the scenario: per-request metering. */
    payload: z.string().min(1).optional(),
    /** WebSocket: share of messages sent to clients (data transfer out); default 0.5. */
    outboundShare: z.number().min(0).max(1).optional(),
    logs: z
      .object({
        access: z.object({ bytesPerRequest: size }).strict().optional(),
        execution: z
          .object({
            level: z.enum(['info', 'error']),
            bytesPerRequest: size,
            errorShare: z.number().min(0).max(1).optional(),
          })
          .strict()
          .optional(),
        retentionDays: z.union([z.number().int().min(1), z.literal('never')]),
      })
      .strict()
      .optional(),
    detailedMetrics: z
      .object({ methods: z.number().int().min(1) })
      .strict()
      .optional(),
  })
  .strict();

export const webAclSchema = z
  .object({
    name: z.string().min(1),
    rules: positiveInt.optional(),
    ruleGroups: positiveInt.optional(),
    managedRuleGroups: z
      .array(
        z
          .object({
            name: z.string().min(1),
            vendor: z.string().min(1).optional(),
            inspectionLevel: z.enum(['common', 'targeted']).optional(),
          })
          .strict(),
      )
      .optional(),
    /** API names (or "name/stage") the web ACL is associated with. */
    protects: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    region: z.string().optional(),
    hoursPerMonth: z.number().positive().max(744).optional(),
    freeTier: z.enum(['none', 'legacy12m']).optional(),
    dataTransfer: z
      .object({ pricing: z.enum(['tiered', 'first-tier']).optional(), freeAllowance: z.boolean().optional() })
      .strict()
      .optional(),
    traffic: z
      .object({
        peakToAverage: z.number().min(1).optional(),
        peakHoursPerDay: z.number().min(0).max(24).optional(),
        requestsPerConnection: z.number().positive().optional(),
        connectionSeconds: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    apis: z.array(apiSchema).min(1, 'a scenario needs at least one API'),
    webAcls: z.array(webAclSchema).optional(),
    vpcLinks: z.array(z.object({ name: z.string().min(1), apis: z.array(z.string().min(1)).min(1) }).strict()).optional(),
    portals: z.object({ portals: positiveInt, products: positiveInt }).strict().optional(),
    /** Capabilities the design requires: options that cannot provide one are not named cheapest. */
    needs: z.array(z.enum(NEED_IDS as unknown as [NeedId, ...NeedId[]])).optional(),
    alb: z
      .object({
        rules: positiveInt.optional(),
        targetType: z.enum(['instance', 'ip', 'lambda']).optional(),
        publicIpv4Addresses: positiveInt.optional(),
      })
      .strict()
      .optional(),
    sso: z
      .object({
        provider: z.enum(['cognito', 'oidc', 'none']).optional(),
        plan: z.enum(['lite', 'essentials', 'plus']).optional(),
        mau: volume.optional(),
        m2mAppClients: positiveInt.optional(),
        m2mTokenRequests: volume.optional(),
        oidcUsdPerMau: z
          .string()
          .regex(/^\d+(\.\d+)?$/, 'expected a decimal string such as "0.0035"')
          .optional(),
        oidcProviderName: z.string().optional(),
      })
      .strict()
      .optional(),
    selfHosted: z
      .object({
        compute: z.enum(['ec2', 'fargate']).optional(),
        instanceType: z.string().optional(),
        fargate: z
          .object({
            vcpu: z.number().positive().optional(),
            memoryGb: z.number().positive().optional(),
            arch: z.enum(['x86', 'arm']).optional(),
          })
          .strict()
          .optional(),
        rpsPerNode: z.number().positive().optional(),
        targetUtilisation: z.number().gt(0).max(1).optional(),
        minNodes: z.number().int().min(1).optional(),
        availabilityZones: z.number().int().min(1).max(6).optional(),
        opsHoursPerMonth: z.number().nonnegative().optional(),
        opsUsdPerHour: z
          .string()
          .regex(/^\d+(\.\d+)?$/, 'expected a decimal string such as "95.00"')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type ScenarioApi = z.infer<typeof apiSchema>;
