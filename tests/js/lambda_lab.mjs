// AWS's "Tutorial: Using AWS Lambda with Amazon DynamoDB streams"
// (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-example.html) with
// the AWS SDK for JavaScript v3 against eddy, as an application would write
// it (the SDK's waiters included). It prints one JSON object with what each
// step answered; tests/integration/test_lambda_lab_js.py checks it. On an
// error it prints {"failedStep": ..., "error": ...} and exits 1.
//
// Environment: EDDY_ENDPOINT; LAB_FUNCTION, LAB_ROLE, LAB_TABLE (names);
// LAB_ZIP (function.zip), LAB_SAMPLE_EVENT (input.txt), LAB_TRUST_POLICY.
// The two eddy-only steps (POST /_eddy/ttl/sweep and
// /_eddy/event-source-mappings/wait) are plain fetch calls.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { CloudWatchLogsClient, paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient,
  GetItemCommand, PutItemCommand, UpdateItemCommand, UpdateTimeToLiveCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DetachRolePolicyCommand, GetRoleCommand,
  IAMClient, ListAttachedRolePoliciesCommand, waitUntilRoleExists,
} from '@aws-sdk/client-iam';
import {
  CreateEventSourceMappingCommand, CreateFunctionCommand, DeleteEventSourceMappingCommand, DeleteFunctionCommand,
  GetEventSourceMappingCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListEventSourceMappingsCommand,
  UpdateFunctionConfigurationCommand, paginateListFunctions, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';

const endpoint = process.env.EDDY_ENDPOINT;
const fn = process.env.LAB_FUNCTION;
const roleName = process.env.LAB_ROLE;
const table = process.env.LAB_TABLE;
const config = {
  endpoint, region: 'us-east-1', credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
};
const iam = new IAMClient(config);
const lambda = new LambdaClient(config);
const dynamodb = new DynamoDBClient(config);
const logs = new CloudWatchLogsClient(config);
const waiter = (client) => ({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 });
const policyArn = 'arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole';
const callMeToday = { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' } };
const happyDay = { Artist: { S: 'Acme Band' }, SongTitle: { S: 'Happy Day' } };

const results = {};
let step = 'start';

// The response without the SDK's $metadata, with its HTTP status.
function answer(response) {
  const { $metadata, ...rest } = response;
  return { ...rest, httpStatusCode: $metadata.httpStatusCode };
}

// The error a call must fail with, as {name, message, httpStatusCode}.
async function failure(promise) {
  try {
    const response = await promise;
    return { unexpectedSuccess: answer(response) };
  } catch (e) {
    return { name: e.name, message: e.message, httpStatusCode: e.$metadata?.httpStatusCode };
  }
}

async function eddyAdmin(path, body) {
  const response = await fetch(endpoint + path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function invoked(response) {
  const { Payload, ...rest } = answer(response);
  return { ...rest, Payload: new TextDecoder().decode(Payload) };
}

// Polls GetEventSourceMapping until `state` (null: until it is gone).
async function mappingState(uuid, state) {
  for (let i = 0; i < 300; i++) {
    try {
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      if (mapping.State === state) return answer(mapping);
    } catch (e) {
      if (state === null && e.name === 'ResourceNotFoundException') return null;
      throw e;
    }
    await sleep(100);
  }
  throw new Error(`mapping ${uuid} never reached ${state}`);
}

async function logMessages(params) {
  const messages = [];
  for await (const page of paginateFilterLogEvents({ client: logs }, params)) {
    for (const event of page.events) messages.push(event.message);
  }
  return messages;
}

async function lab() {
  // 1. The execution role.
  step = 'iam';
  results.createRole = answer(await iam.send(new CreateRoleCommand({
    RoleName: roleName, AssumeRolePolicyDocument: readFileSync(process.env.LAB_TRUST_POLICY, 'utf8'),
  })));
  const roleArn = results.createRole.Role.Arn;
  await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  await waitUntilRoleExists(waiter(iam), { RoleName: roleName });
  results.attachedPolicies = answer(await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })));

  // 2. The function, from a zip.
  step = 'create-function';
  results.createFunction = answer(await lambda.send(new CreateFunctionCommand({
    FunctionName: fn, Runtime: 'python3.12', Role: roleArn, Handler: 'lambda_function.lambda_handler',
    Code: { ZipFile: readFileSync(process.env.LAB_ZIP) },
  })));
  await waitUntilFunctionActiveV2(waiter(lambda), { FunctionName: fn });
  results.getFunction = answer(await lambda.send(new GetFunctionCommand({ FunctionName: fn })));

  // 3. A test invoke with the sample event.
  step = 'invoke';
  results.invokeSample = invoked(await lambda.send(new InvokeCommand({
    FunctionName: fn, Payload: readFileSync(process.env.LAB_SAMPLE_EVENT), LogType: 'Tail',
  })));

  // 4. The table, with a stream and TTL.
  step = 'table';
  await dynamodb.send(new CreateTableCommand({
    TableName: table,
    KeySchema: [{ AttributeName: 'Artist', KeyType: 'HASH' }, { AttributeName: 'SongTitle', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'Artist', AttributeType: 'S' },
      { AttributeName: 'SongTitle', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }));
  await waitUntilTableExists(waiter(dynamodb), { TableName: table });
  await dynamodb.send(new UpdateTimeToLiveCommand({
    TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'Expiration' },
  }));
  const streamArn = (await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table.LatestStreamArn;
  results.streamArn = streamArn;

  // 5. The event source mapping, Enabled before anything is written (LATEST).
  step = 'event-source-mapping';
  results.createMapping = answer(await lambda.send(new CreateEventSourceMappingCommand({
    FunctionName: fn, EventSourceArn: streamArn, BatchSize: 100, StartingPosition: 'LATEST',
  })));
  const uuid = results.createMapping.UUID;
  results.enabledMapping = await mappingState(uuid, 'Enabled');
  results.listMappings = answer(await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fn })));

  // 6. Test the setup.
  step = 'writes';
  await dynamodb.send(new PutItemCommand({
    TableName: table, Item: { ...callMeToday, AlbumTitle: { S: 'Somewhat Famous' } },
  }));
  await dynamodb.send(new UpdateItemCommand({
    TableName: table, Key: callMeToday, UpdateExpression: 'SET AlbumTitle = :a',
    ExpressionAttributeValues: { ':a': { S: 'Updated Album Title' } },
  }));
  const expired = Math.floor(Date.now() / 1000) - 3600;
  await dynamodb.send(new PutItemCommand({
    TableName: table, Item: { ...happyDay, Expiration: { N: String(expired) } },
  }));
  await eddyAdmin('/_eddy/ttl/sweep', {});
  results.expiredItem = answer(await dynamodb.send(new GetItemCommand({
    TableName: table, Key: happyDay, ConsistentRead: true,
  })));
  await dynamodb.send(new DeleteItemCommand({ TableName: table, Key: callMeToday }));
  results.caughtUp = await eddyAdmin('/_eddy/event-source-mappings/wait', { timeoutSeconds: 60 });
  step = 'logs';
  const group = `/aws/lambda/${fn}`;
  results.logMessages = await logMessages({ logGroupName: group });
  results.ttlRemoves = await logMessages({ logGroupName: group, filterPattern: '{ $.userIdentity.type = "Service" }' });

  // 7. Change the function; the next invoke runs with the new settings.
  step = 'update-function-configuration';
  results.updateConfiguration = answer(await lambda.send(new UpdateFunctionConfigurationCommand({
    FunctionName: fn, Timeout: 10, Environment: { Variables: { STAGE: 'lab' } },
  })));
  await waitUntilFunctionUpdatedV2(waiter(lambda), { FunctionName: fn });
  results.invokeUpdated = invoked(await lambda.send(new InvokeCommand({
    FunctionName: fn, Payload: new TextEncoder().encode('{"Records": []}'),
  })));
  results.listFunctions = [];
  for await (const page of paginateListFunctions({ client: lambda }, {})) {
    results.listFunctions.push(...page.Functions.filter((f) => f.FunctionName === fn));
  }

  // 8. Clean up.
  step = 'clean-up';
  results.deleteMapping = answer(await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid })));
  results.mappingAfterDelete = await mappingState(uuid, null);
  results.deleteFunction = answer(await lambda.send(new DeleteFunctionCommand({ FunctionName: fn })));
  results.getFunctionAfterDelete = await failure(lambda.send(new GetFunctionCommand({ FunctionName: fn })));
  await dynamodb.send(new DeleteTableCommand({ TableName: table }));
  results.deleteRoleConflict = await failure(iam.send(new DeleteRoleCommand({ RoleName: roleName })));
  await iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  results.getRoleAfterDelete = await failure(iam.send(new GetRoleCommand({ RoleName: roleName })));
}

try {
  await lab();
  process.stdout.write(JSON.stringify(results) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({
    failedStep: step,
    error: { name: e.name, message: e.message, httpStatusCode: e.$metadata?.httpStatusCode },
    results,
  }) + '\n');
  process.exitCode = 1;
}
