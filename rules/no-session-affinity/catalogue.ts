/** Annotations and keys that make a load balancer or ingress stick a client to one replica. */
export interface AffinityAnnotation {
  /** The annotation name. */
  name: string;
  /** Values that turn stickiness on; undefined: any value but "false"/"none". */
  values?: readonly string[];
  /** Matches inside the value (ALB target-group attributes). */
  contains?: RegExp;
  controller: string;
}

export const AFFINITY_ANNOTATIONS: readonly AffinityAnnotation[] = [
  { name: 'nginx.ingress.kubernetes.io/affinity', values: ['cookie'], controller: 'ingress-nginx' },
  { name: 'nginx.ingress.kubernetes.io/session-cookie-name', controller: 'ingress-nginx' },
  { name: 'nginx.org/sticky-cookie-services', controller: 'NGINX Ingress Controller' },
  { name: 'traefik.ingress.kubernetes.io/service.sticky.cookie', values: ['true'], controller: 'Traefik' },
  { name: 'traefik.ingress.kubernetes.io/affinity', values: ['true'], controller: 'Traefik' },
  { name: 'alb.ingress.kubernetes.io/target-group-attributes', contains: /stickiness\.enabled\s*=\s*true/, controller: 'AWS Load Balancer Controller' },
  { name: 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes', contains: /stickiness\.enabled\s*=\s*true/, controller: 'AWS Load Balancer Controller' },
  { name: 'haproxy.router.openshift.io/disable_cookies', values: ['false'], controller: 'OpenShift router' },
  { name: 'ingress.kubernetes.io/affinity', values: ['cookie'], controller: 'HAProxy ingress' },
  { name: 'haproxy-ingress.github.io/affinity', values: ['cookie'], controller: 'HAProxy ingress' },
];

/** Traefik's CRD: `IngressRoute.spec.routes[].services[].sticky.cookie`, `TraefikService` weighted sticky. */
export const TRAEFIK_KINDS: ReadonlySet<string> = new Set(['IngressRoute', 'TraefikService']);
