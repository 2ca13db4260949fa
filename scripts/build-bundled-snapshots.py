#!/usr/bin/env python3
"""Writes pricing-data/aws/*.json from the figures in ../shared/reference (curated by hand), and
pricing-data/index.json with each file's SHA-256 (the loader trusts a bundled file only when its hash
matches; the test suite validates every bundled file against the schema and checks the hashes).

The bundled snapshots are data, committed as JSON; this script only records how they were
assembled so that a reviewer can re-check every figure against its source. Run from the repo root.
"""
import hashlib, json, os

APIGW = "https://aws.amazon.com/api-gateway/pricing/"
ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/"
VPC = "https://aws.amazon.com/vpc/pricing/"
PL = "https://aws.amazon.com/privatelink/pricing/"
COG = "https://aws.amazon.com/cognito/pricing/"
WAF = "https://aws.amazon.com/waf/pricing/"
EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/"
FG = "https://aws.amazon.com/fargate/pricing/"
CAPTURE = "third-party capture of Price List GetProducts output (shared/reference/aws-facts.md A.5)"


def src(url, date, status, note=None):
    s = {"url": url, "publicationDate": date, "status": status}
    if note:
        s["note"] = note
    return s


def item(id, service, usage, unit, desc, tiers, source, sku=None, family=None):
    d = {"id": id, "service": service}
    if family:
        d["productFamily"] = family
    d["usageType"] = usage
    if sku:
        d["sku"] = sku
    d.update({"unit": unit, "description": desc,
              "tiers": [{"from": f, "to": t, "usdPerUnit": p} for (f, t, p) in tiers],
              "source": source})
    return d


def flat(price):
    return [("0", None, price)]


apigw_page = src(APIGW, "2025-11-02", "verified", "pricing page copy of 2025-11-02; same figures in the 2026-09-20 harvest; infracost golden tests agree")

us_east_1 = [
    item("apigw.rest.requests", "AmazonApiGateway", "USE1-ApiGatewayRequest", "request", "REST API requests",
         [("0", "333000000", "0.0000035"), ("333000000", "1000000000", "0.0000028"),
          ("1000000000", "20000000000", "0.00000238"), ("20000000000", None, "0.00000151")],
         apigw_page, sku="KKDZ3TFSXUSMCZ3A", family="API Calls"),
    item("apigw.http.requests", "AmazonApiGateway", "USE1-ApiGatewayHttpRequest", "request", "HTTP API requests (metered in 512 KB increments)",
         [("0", "300000000", "0.000001"), ("300000000", None, "0.0000009")],
         apigw_page, sku="FC2TWT2UEPTBKVBX", family="API Calls"),
    item("apigw.websocket.messages", "AmazonApiGateway", "USE1-ApiGatewayMessage", "message", "WebSocket messages (metered in 32 KB increments)",
         [("0", "1000000000", "0.000001"), ("1000000000", None, "0.0000008")],
         apigw_page, sku="3Y5E3ETY2M5CMHYP", family="WebSocket"),
    item("apigw.websocket.connection-minutes", "AmazonApiGateway", "USE1-ApiGatewayMinute", "connection-minute", "WebSocket connection minutes",
         flat("0.00000025"), apigw_page, sku="UTA8VPBNDBWNCNMC", family="WebSocket"),
]
for size, hourly in [("0.5", "0.020"), ("1.6", "0.038"), ("6.1", "0.200"), ("13.5", "0.250"), ("28.4", "0.500"),
                     ("58.2", "1.000"), ("118", "1.900"), ("237", "3.800")]:
    us_east_1.append(item(f"apigw.rest.cache.{size.replace('.', '-')}gb", "AmazonApiGateway", f"USE1-CacheUsage:{size}GB", "hour",
                          f"REST API cache, {size} GB", flat(hourly),
                          src(APIGW, "2025-11-02", "verified", "cache table of the pricing page; 1.6 GB = $0.038/h confirmed by its worked example; usage type pattern unverified"),
                          family="Amazon API Gateway Cache"))
us_east_1 += [
    item("privatelink.endpoint-hours", "AmazonVPC", "USE1-VpcEndpoint-Hours", "AZ-hour", "Interface VPC endpoint (PrivateLink), per AZ", flat("0.01"),
         src(PL, "2025-11-02", "verified", "also in the API Gateway pricing page's private API example")),
    item("privatelink.data-processed", "AmazonVPC", "USE1-VpcEndpoint-Bytes", "GB", "Interface VPC endpoint data processed (first 1 PB)",
         [("0", "1048576", "0.01")],
         src(PL, "2025-11-02", "verified", "cheaper tiers beyond 1 PB are not in this snapshot")),
    item("dto.internet-out", "AWSDataTransfer", "USE1-DataTransfer-Out-Bytes", "GB", "Data transfer out to the internet",
         [("0", "10240", "0.09"), ("10240", "51200", "0.085"), ("51200", "153600", "0.07"), ("153600", None, "0.05")],
         src(EC2, "2026-11-24", "verified", "EC2 on-demand pricing page, Data Transfer section; 10 TB = 10,240 GB")),
    item("waf.web-acl", "awswaf", "USE1-WebACLV2", "web-ACL-month", "AWS WAF web ACL", flat("5.00"), src(WAF, "2026-11-24", "verified")),
    item("waf.rule", "awswaf", "USE1-RuleV2", "rule-month", "AWS WAF rule or managed rule group", flat("1.00"), src(WAF, "2026-11-24", "verified")),
    item("waf.requests", "awswaf", "USE1-RequestV2-Tier1", "request", "AWS WAF requests (up to 1,500 WCU, default body inspection)", flat("0.0000006"),
         src(WAF, "2026-11-24", "verified")),
    item("alb.hours", "AWSELB", "USE1-LoadBalancerUsage", "ALB-hour", "Application Load Balancer hours", flat("0.0225"),
         src(ELB, "2026-09-20", "verified", "pricing page example: 'Adding the hourly charge of $0.0225'"), family="Load Balancer-Application"),
    item("alb.lcu-hours", "AWSELB", "USE1-LCUUsage", "LCU-hour", "Application Load Balancer capacity units", flat("0.008"),
         src(ELB, "2026-09-20", "verified"), family="Load Balancer-Application"),
    item("vpc.public-ipv4", "AmazonVPC", "USE1-PublicIPv4:InUseAddress", "IP-hour", "Public IPv4 address in use", flat("0.005"),
         src(VPC, "2026-11-24", "verified", "charged since 2024-02-01")),
    item("cognito.lite.mau", "AmazonCognito", "USE1-CognitoLiteMAU", "MAU", "Cognito user pools, Lite plan",
         [("0", "10000", "0"), ("10000", "100000", "0.0055"), ("100000", "1000000", "0.0046"), ("1000000", "10000000", "0.00325"), ("10000000", None, "0.0025")],
         src(COG, "2026-09-20", "verified", "first 10,000 MAU free (does not expire)")),
    item("cognito.essentials.mau", "AmazonCognito", "USE1-CognitoEssentialsMAU", "MAU", "Cognito user pools, Essentials plan",
         [("0", "10000", "0"), ("10000", None, "0.015")],
         src(COG, "2026-09-20", "verified", "first 10,000 MAU free (does not expire)")),
    item("cognito.plus.mau", "AmazonCognito", "USE1-CognitoPlusMAU", "MAU", "Cognito user pools, Plus plan", flat("0.02"),
         src(COG, "2026-09-20", "verified", "no free MAU")),
    item("cognito.m2m.app-clients", "AmazonCognito", "USE1-CUPM2MAppClients", "app-client-month", "Cognito machine-to-machine app clients", flat("6.00"),
         src(COG, "2026-09-20", "aws-only")),
    item("cognito.m2m.token-requests", "AmazonCognito", "USE1-CUPM2MTokenRequestsFull", "token-request", "Cognito machine-to-machine token requests", flat("0.00225"),
         src(COG, "2026-09-20", "aws-only", "first-tier price ($2.25 per 1,000); AWS lowers it at volume, so at high volume this is an upper bound")),
]
for inst, price in [("c6g.large", "0.068"), ("c7g.large", "0.0725"), ("c6i.large", "0.085"), ("c7i.large", "0.08925"),
                    ("m6g.large", "0.077"), ("m7g.large", "0.0816"), ("m6i.large", "0.096"), ("t3.medium", "0.0416"), ("t4g.medium", "0.0336")]:
    us_east_1.append(item(f"ec2.{inst.replace('.', '-')}.hours", "AmazonEC2", f"BoxUsage:{inst}", "instance-hour", f"EC2 {inst}, Linux on-demand", flat(price),
                          src(EC2, "2026-11-24", "third-party", "consistent third-party tables and price-list dumps; refresh from the Pricing API"
                              + ("; one table shows 0.0765 (conflict), 0.085 kept" if inst == "c6i.large" else ""))))
for arch, vcpu, gb in [("x86", "0.04048", "0.004445"), ("arm", "0.03238", "0.00356")]:
    us_east_1.append(item(f"fargate.{arch}.vcpu-hours", "AmazonECS", f"USE1-Fargate-vCPU-Hours:perCPU{'-ARM' if arch == 'arm' else ''}", "vCPU-hour",
                          f"Fargate Linux/{arch} vCPU", flat(vcpu), src(FG, "2026-11-24", "verified")))
    us_east_1.append(item(f"fargate.{arch}.gb-hours", "AmazonECS", f"USE1-Fargate-GB-Hours{'-ARM' if arch == 'arm' else ''}", "GB-hour",
                          f"Fargate Linux/{arch} memory", flat(gb), src(FG, "2026-11-24", "verified")))

allow_src = src(APIGW, "2025-11-02", "verified", "legacy 12-month free tier: accounts created before 2025-07-15, first 12 months only")
us_east_1_allow = [
    {"id": "free.apigw.rest.requests", "description": "Legacy free tier: REST API calls", "quantity": "1000000", "unit": "request", "appliesTo": "apigw.rest.requests", "source": allow_src},
    {"id": "free.apigw.http.requests", "description": "Legacy free tier: HTTP API calls", "quantity": "1000000", "unit": "request", "appliesTo": "apigw.http.requests", "source": allow_src},
    {"id": "free.apigw.websocket.messages", "description": "Legacy free tier: WebSocket messages", "quantity": "1000000", "unit": "message", "appliesTo": "apigw.websocket.messages", "source": allow_src},
    {"id": "free.apigw.websocket.connection-minutes", "description": "Legacy free tier: WebSocket connection minutes", "quantity": "750000", "unit": "connection-minute", "appliesTo": "apigw.websocket.connection-minutes", "source": allow_src},
    {"id": "free.alb.hours", "description": "Legacy free tier: load balancer hours", "quantity": "750", "unit": "ALB-hour", "appliesTo": "alb.hours", "source": src(ELB, "2026-09-20", "aws-only", "legacy 12-month free tier, shared by ALB and CLB")},
    {"id": "free.alb.lcu-hours", "description": "Legacy free tier: ALB LCU-hours (15 LCUs)", "quantity": "10950", "unit": "LCU-hour", "appliesTo": "alb.lcu-hours", "source": src(ELB, "2026-09-20", "aws-only", "15 LCUs for a 730-hour month")},
    {"id": "free.dto.internet-out", "description": "Data transfer out: first 100 GB per month free (aggregated across services and Regions)", "quantity": "100", "unit": "GB", "appliesTo": "dto.internet-out", "source": src(EC2, "2026-11-24", "verified", "account-wide since 2021-12; applies only if no other service uses it")},
]

snapshots = {
    "us-east-1": {"coverage": "complete", "prices": us_east_1, "allowances": us_east_1_allow,
                  "notes": ["API Gateway, WAF, ALB, VPC and Fargate figures are from AWS pages; EC2 instance prices from consistent third-party tables: refresh from the Pricing API before relying on them."]},
    "ap-northeast-1": {"coverage": "partial", "prices": [
        item("apigw.rest.requests", "AmazonApiGateway", "APN1-ApiGatewayRequest", "request", "REST API requests (first tier only)",
             [("0", "333000000", "0.00000425")], src(CAPTURE, "2026-09-05", "third-party", "first tier only; tier boundary as in us-east-1"), sku="MK9X5G6WSHJT7QGM", family="API Calls"),
        item("apigw.http.requests", "AmazonApiGateway", "APN1-ApiGatewayHttpRequest", "request", "HTTP API requests (first tier only)",
             [("0", "300000000", "0.00000129")], src(CAPTURE, "2026-09-05", "third-party", "first tier only; tier boundary as in us-east-1"), sku="5TU3JKA59EGYZ8XY", family="API Calls"),
        item("dto.internet-out", "AWSDataTransfer", "APN1-DataTransfer-Out-Bytes", "GB", "Data transfer out to the internet (first paid tier only)",
             [("0", "10240", "0.114")], src(EC2, "2026-11-24", "third-party", "first paid tier only; tier boundary as in us-east-1")),
        item("alb.hours", "AWSELB", "APN1-LoadBalancerUsage", "ALB-hour", "Application Load Balancer hours", flat("0.0243"), src(ELB, "2026-09-20", "third-party")),
        item("alb.lcu-hours", "AWSELB", "APN1-LCUUsage", "LCU-hour", "Application Load Balancer capacity units", flat("0.008"), src(ELB, "2026-09-20", "third-party")),
        item("fargate.x86.vcpu-hours", "AmazonECS", "APN1-Fargate-vCPU-Hours:perCPU", "vCPU-hour", "Fargate Linux/x86 vCPU", flat("0.05056"), src(FG, "2026-11-24", "third-party")),
        item("fargate.x86.gb-hours", "AmazonECS", "APN1-Fargate-GB-Hours", "GB-hour", "Fargate Linux/x86 memory", flat("0.00553"), src(FG, "2026-11-24", "third-party")),
        item("fargate.arm.vcpu-hours", "AmazonECS", "APN1-Fargate-vCPU-Hours:perCPU-ARM", "vCPU-hour", "Fargate Linux/ARM vCPU", flat("0.04045"), src(FG, "2026-11-24", "third-party")),
        item("fargate.arm.gb-hours", "AmazonECS", "APN1-Fargate-GB-Hours-ARM", "GB-hour", "Fargate Linux/ARM memory", flat("0.00442"), src(FG, "2026-11-24", "third-party")),
    ], "allowances": [], "notes": ["Partial: only the prices a third-party Price List capture (2026-09-05) and pricing tables show. Options needing other prices are reported as not priced; run 'apigw-plan pricing refresh --region ap-northeast-1'."]},
    "ap-northeast-2": {"coverage": "partial", "prices": [
        item("apigw.rest.requests", "AmazonApiGateway", "APN2-ApiGatewayRequest", "request", "REST API requests (first tier only)",
             [("0", "333000000", "0.0000035")], src(CAPTURE, "2026-10-01", "third-party", "first tier only; tier boundary as in us-east-1"), family="API Calls"),
        item("apigw.http.requests", "AmazonApiGateway", "APN2-ApiGatewayHttpRequest", "request", "HTTP API requests (first tier only)",
             [("0", "300000000", "0.00000123")], src(CAPTURE, "2026-10-01", "third-party", "first tier only; tier boundary as in us-east-1"), family="API Calls"),
        item("apigw.websocket.messages", "AmazonApiGateway", "APN2-ApiGatewayMessage", "message", "WebSocket messages (first tier only)",
             [("0", "1000000000", "0.00000114")], src(CAPTURE, "2026-10-01", "third-party", "first tier only; tier boundary as in us-east-1"), family="WebSocket"),
        item("apigw.websocket.connection-minutes", "AmazonApiGateway", "APN2-ApiGatewayMinute", "connection-minute", "WebSocket connection minutes",
             flat("0.000000285"), src(CAPTURE, "2026-10-01", "third-party"), family="WebSocket"),
        item("alb.hours", "AWSELB", "APN2-LoadBalancerUsage", "ALB-hour", "Application Load Balancer hours", flat("0.0225"), src(CAPTURE, "2026-10-01", "third-party")),
        item("alb.lcu-hours", "AWSELB", "APN2-LCUUsage", "LCU-hour", "Application Load Balancer capacity units", flat("0.008"), src(CAPTURE, "2026-10-01", "third-party")),
    ], "allowances": [], "notes": ["Partial: only the prices a third-party Price List capture (2026-10-01) shows. Options needing other prices are reported as not priced; run 'apigw-plan pricing refresh --region ap-northeast-2'."]},
}

os.makedirs("pricing-data/aws", exist_ok=True)
index = {"schemaVersion": 1, "snapshots": []}
for region, s in snapshots.items():
    doc = {"schemaVersion": 1, "region": region, "currency": "USD", "compiled": "2026-11-24", "origin": "bundled",
           "coverage": s["coverage"], "notes": s["notes"], "prices": s["prices"], "allowances": s["allowances"]}
    text = json.dumps(doc, indent=2) + "\n"
    with open(f"pricing-data/aws/{region}.json", "w") as f:
        f.write(text)
    index["snapshots"].append({"region": region, "file": f"aws/{region}.json", "compiled": "2026-11-24", "coverage": s["coverage"],
                               "sha256": hashlib.sha256(text.encode()).hexdigest()})
with open("pricing-data/index.json", "w") as f:
    json.dump(index, f, indent=2)
    f.write("\n")
