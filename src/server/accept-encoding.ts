import { contentCodingNamed } from './content-encoding.js';
import { listMembers } from './header-list.js';

/** A coding is named by a token (RFC 9110, section 5.6.2), or by `*` for every other. */
const CODING_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
/** A weight is `q=` and a qvalue: 0 to 1, with at most three decimals (RFC 9110, section 12.4.2). */
const WEIGHT = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The weight (0 to 1) each member of an Accept-Encoding field gives its coding, `*`
 * and `identity` included; a member without `q` weighs 1. The field's grammar
 * (RFC 9110, section 12.5.3) allows no other parameter, so a member that does not
 * parse is left out, which can only ever mean sending the response as it is. A coding
 * is keyed by its canonical name (`x-gzip` is gzip), and one named twice keeps its
 * lower weight, so that a refusal (`q=0`) is never overruled.
 */
export function parseAcceptEncoding(fieldValue: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const member of listMembers(fieldValue)) {
    const [coding = '', ...parameters] = member.split(';').map((part) => part.trim());
    const weight = parameters.length === 0 ? '1' : parameters.length === 1 ? WEIGHT.exec(parameters[0]!)?.[1] : undefined;
    if (weight === undefined || !CODING_NAME.test(coding)) continue;
    const name = contentCodingNamed(coding) ?? coding;
    weights.set(name, Math.min(Number(weight), weights.get(name) ?? 1));
  }
  return weights;
}

/**
 * The coding among `supportedCodings` (in the server's order of preference) that a
 * request's Accept-Encoding weighs highest, or undefined to send the response as it
 * is: when no supported coding is acceptable, or when the client weighs identity
 * higher. `*` gives its weight to every coding the field does not name, identity too.
 * At equal weights a coding wins over identity: the client has said both are fine,
 * and AWS compresses whenever it is asked to.
 *
 * A request without Accept-Encoding gets no coding. RFC 9110 would allow any, but
 * AWS compresses only for clients that ask (the SDKs send `Accept-Encoding: gzip` to
 * opt in, e.g. the Go SDK's EnableAcceptEncodingGzip,
 * https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/service/dynamodb/internal/customizations).
 */
export function negotiateCoding<Coding extends string>(acceptEncoding: string | undefined, supportedCodings: readonly Coding[]): Coding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const weights = parseAcceptEncoding(acceptEncoding);
  const weightOf = (coding: string): number => weights.get(coding) ?? weights.get('*') ?? 0;
  let chosen: Coding | undefined;
  let chosenWeight = 0;
  for (const coding of supportedCodings) {
    const weight = weightOf(coding);
    if (weight <= chosenWeight) continue;
    chosen = coding;
    chosenWeight = weight;
  }
  const identityWeight = weights.get('identity') ?? weights.get('*');
  return identityWeight !== undefined && identityWeight > chosenWeight ? undefined : chosen;
}
