// A local stand-in for the two parts of GitLab's API that the example pipelines use, for scripts/gitlab-local:
//
//   POST /api/v4/projects/:id/merge_requests/:iid/notes     records the note as one JSON line in --notes
//        ({path, headers, body}; token headers masked) and answers 201 like GitLab
//   GET|HEAD /api/v4/projects/:id/packages/maven/<path>      serves <path> from the --maven-repo directories
//        (Maven local repositories, e.g. the one `mvn install` filled), as GitLab's package registry serves
//        the plugin to a job that sends its Job-Token; .sha1/.md5 are computed, a snapshot's maven-metadata.xml
//        is the local repository's maven-metadata-local.xml
//
// Usage: node gitlab-api-standin.mjs --notes FILE --port-file FILE [--log FILE] --maven-repo DIR [--maven-repo DIR...]
// Listens on 127.0.0.1 on a free port, written to --port-file once it listens. No npm dependencies.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

const options = { mavenRepos: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const [name, value] = [process.argv[i], process.argv[i + 1]];
  if (value === undefined) usage(`${name} needs a value`);
  if (name === '--notes') options.notes = value;
  else if (name === '--port-file') options.portFile = value;
  else if (name === '--log') options.log = value;
  else if (name === '--maven-repo') options.mavenRepos.push(value);
  else usage(`unknown option ${name}`);
}
if (!options.notes || !options.portFile) usage('--notes and --port-file are required');

function usage(problem) {
  console.error(`gitlab-api-standin: ${problem}\nusage: node gitlab-api-standin.mjs --notes FILE --port-file FILE [--log FILE] --maven-repo DIR...`);
  process.exit(2);
}

/** Headers as GitLab's API receives them, with the value of every credential replaced. */
const CREDENTIAL_HEADERS = new Set(['private-token', 'job-token', 'deploy-token', 'authorization']);
function maskedHeaders(headers) {
  const shown = {};
  for (const [name, value] of Object.entries(headers)) {
    shown[name] = CREDENTIAL_HEADERS.has(name) ? '[MASKED]' : value;
  }
  return shown;
}

function hasCredential(headers) {
  return [...CREDENTIAL_HEADERS].some((name) => typeof headers[name] === 'string' && headers[name].length > 0);
}

function log(line) {
  if (options.log) appendFileSync(options.log, `${new Date().toISOString()} ${line}\n`);
}

function answer(response, status, body, type = 'application/json') {
  const data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(data) });
  response.end(data);
}

const NOTES = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/([0-9]+)\/notes$/;
const MAVEN = /^\/api\/v4\/projects\/([^/]+)\/packages\/maven\/(.+)$/;
let noteId = 0;

function postNote(request, response, path) {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (!hasCredential(request.headers)) {
      answer(response, 401, { message: '401 Unauthorized' });
      return;
    }
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')).body;
    } catch (e) {
      answer(response, 400, { error: 'body is not JSON' });
      return;
    }
    if (typeof body !== 'string' || body.length === 0) {
      answer(response, 400, { error: 'body is missing' });
      return;
    }
    appendFileSync(options.notes, `${JSON.stringify({ path, headers: maskedHeaders(request.headers), body })}\n`);
    noteId += 1;
    answer(response, 201, { id: noteId, body, system: false, noteable_type: 'MergeRequest' });
  });
}

/** The file for a repository path, from the first directory that has it; null when none does. */
function repositoryFile(relative) {
  const clean = normalize(relative);
  if (clean.startsWith('..') || clean.includes(`${sep}..${sep}`) || clean.startsWith(sep)) return null;
  for (const repo of options.mavenRepos) {
    const candidates = [join(repo, clean)];
    if (clean.endsWith(`${sep}maven-metadata.xml`) || clean === 'maven-metadata.xml') {
      candidates.push(join(repo, clean.replace(/maven-metadata\.xml$/, 'maven-metadata-local.xml')));
    }
    for (const file of candidates) {
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
  }
  return null;
}

function serveMaven(request, response, relative) {
  if (!hasCredential(request.headers)) {
    answer(response, 401, { message: '401 Unauthorized' });
    return;
  }
  let file = repositoryFile(relative);
  let data = null;
  const checksum = relative.match(/\.(sha1|md5)$/);
  if (file) {
    data = readFileSync(file);
  } else if (checksum) {
    const base = repositoryFile(relative.slice(0, -checksum[0].length));
    if (base) data = Buffer.from(createHash(checksum[1]).update(readFileSync(base)).digest('hex'));
  }
  if (data === null) {
    answer(response, 404, { message: '404 Not Found' });
    return;
  }
  if (request.method === 'HEAD') {
    response.writeHead(200, { 'Content-Length': data.length });
    response.end();
    return;
  }
  answer(response, 200, data, 'application/octet-stream');
}

const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  response.on('finish', () => log(`${request.method} ${path} ${response.statusCode}`));
  let match;
  if (request.method === 'POST' && (match = NOTES.exec(path))) {
    postNote(request, response, path);
  } else if ((request.method === 'GET' || request.method === 'HEAD') && (match = MAVEN.exec(path))) {
    serveMaven(request, response, decodeURIComponent(match[2]));
  } else {
    answer(response, 404, { message: '404 Not Found: this stand-in serves merge-request notes and the Maven package registry' });
  }
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  writeFileSync(`${options.portFile}.new`, `${port}\n`);
  renameSync(`${options.portFile}.new`, options.portFile);
  log(`listening on 127.0.0.1:${port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
