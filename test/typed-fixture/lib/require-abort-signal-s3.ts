// Client factories of the project: one keeps a process-wide client, one bounds it with a timeout.
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

let client: S3Client | undefined;

export function getS3Client(): S3Client {
  return (client ??= new S3Client({ region: 'eu-west-1' }));
}

const bounded = new S3Client({ requestHandler: new NodeHttpHandler({ requestTimeout: 5000 }) });

export const getBoundedS3Client = (): S3Client => bounded;
