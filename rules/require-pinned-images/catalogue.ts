/**
 * Docker Hub's official images (`docker.io/library/<name>`), the only ones a one-word name without
 * a registry pulls. Any other one-word name (`example-nodejs-image`, `currencyservice`) cannot be
 * pulled as written: a build tool (skaffold, Tilt, `kind load`) builds it and puts its own reference
 * in at deploy time, so its tag is not the manifest's to pin.
 */
export const OFFICIAL_IMAGES: ReadonlySet<string> = new Set([
  'alpine', 'amazonlinux', 'busybox', 'debian', 'ubuntu', 'centos', 'fedora', 'rockylinux', 'almalinux', 'archlinux', 'oraclelinux', 'photon',
  'node', 'python', 'golang', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'ruby', 'php', 'perl', 'rust', 'dotnet', 'mono', 'erlang', 'elixir', 'haskell', 'julia', 'swift', 'gcc', 'bash', 'buildpack-deps', 'denoland',
  'nginx', 'httpd', 'haproxy', 'traefik', 'caddy', 'tomcat', 'jetty', 'varnish', 'kong',
  'postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'memcached', 'rabbitmq', 'elasticsearch', 'kibana', 'logstash', 'cassandra', 'couchdb', 'influxdb',
  'zookeeper', 'nats', 'consul', 'vault', 'registry', 'docker', 'neo4j', 'solr', 'telegraf', 'chronograf', 'ghost', 'wordpress', 'nextcloud', 'adminer',
  'sonarqube', 'jenkins', 'composer', 'maven', 'gradle', 'mongo-express', 'percona', 'eclipse-mosquitto', 'clickhouse', 'bitnami', 'arangodb', 'rethinkdb',
  'hello-world', 'scratch',
]);
