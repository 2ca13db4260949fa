/**
 * Usage-plan and method-setting keys: "/pets/GET", "/~1pets~1{id}/GET", "*\/*" → "GET /pets/{id}"
 * (undefined: every method). The key format of MethodSetting.ResourcePath and of a usage plan's
 * ThrottleSettings map:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-methodsetting.html
 */
export function methodKeyToRoute(key: string): string | undefined {
  const k = key.replace(/~1/g, '/');
  const i = k.lastIndexOf('/');
  if (i < 0) return undefined;
  let path = k.slice(0, i).replace(/^\/+/, '/');
  const method = k.slice(i + 1).toUpperCase();
  if ((path === '*' || path === '/*') && method === '*') return undefined;
  if (!path.startsWith('/')) path = `/${path}`;
  return `${method} ${path}`;
}
