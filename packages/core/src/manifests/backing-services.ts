/**
 * Images of backing services (datastores, brokers) that a repository often deploys next to its own
 * service for development. They are not the stateless service statelint judges: a single-replica
 * `postgres` Deployment must recreate, not surge (two servers on one volume), and these images
 * drop to an unprivileged user in their own entrypoint. Rules that judge the service skip them.
 */
import { at, stringValue } from './yaml.js';
import { parseImageRef } from './kubernetes.js';
import type { ContainerView, PodTemplate } from './kubernetes.js';

export const BACKING_SERVICE_IMAGES: readonly string[] = [
  'postgres', 'postgis/postgis', 'mysql', 'mariadb', 'mongo', 'redis', 'valkey/valkey', 'memcached', 'rabbitmq',
  'elasticsearch', 'opensearchproject/opensearch', 'docker.elastic.co/elasticsearch/elasticsearch', 'bitnami/postgresql',
  'bitnami/mysql', 'bitnami/mongodb', 'bitnami/redis', 'bitnami/rabbitmq', 'bitnami/kafka', 'confluentinc/cp-kafka',
  'confluentinc/cp-zookeeper', 'zookeeper', 'nats', 'minio/minio', 'cassandra', 'quay.io/coreos/etcd', 'consul', 'influxdb',
  'clickhouse/clickhouse-server', 'neo4j', 'couchdb', 'mcr.microsoft.com/mssql/server',
  'ghcr.io/documentdb/documentdb/documentdb-local', 'mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator', 'mongodb/mongodb-community-server',
];

/** Is the image one of the backing services (any registry prefix of Docker Hub's `library/` included)? */
export function isBackingServiceImage(image: string): boolean {
  const name = parseImageRef(image).name.replace(/^(docker\.io\/)?(library\/)?/, '');
  return BACKING_SERVICE_IMAGES.includes(name);
}

/** Does the container run a backing-service image (a redis next to the service's own container)? */
export function isBackingServiceContainer(container: ContainerView): boolean {
  const image = stringValue(at(container.node, 'image'));
  return image !== undefined && isBackingServiceImage(image);
}

/** Does every container of the pod run a backing-service image? */
export function isBackingService(template: PodTemplate): boolean {
  if (template.containers.length === 0) return false;
  return template.containers.every((c) => {
    const image = stringValue(at(c.node, 'image'));
    return image !== undefined && isBackingServiceImage(image);
  });
}
