// A local OpenID provider for development and tests: HelseID and ID-porten as two issuers on
// two ports of 127.0.0.1, configured as HelseID's test environment is: pushed authorization
// requests required, private_key_jwt the only client authentication, PKCE S256 required, client
// assertions living at most 60 seconds and used once. Not for production: the demo people
// below log in with one click.
//
//   node scripts/oidc-provider/server.mjs
//
// Environment: OIDC_HELSEID_PORT (8101), OIDC_IDPORTEN_PORT (8102), OIDC_RP_BASE_URL (where
// ALIS-VEST runs, http://127.0.0.1:8000), OIDC_CLIENT_ID (alisvest-dev), OIDC_TEST_SWITCHES=1
// to allow the tests to make the next ID token bad (POST /__test__/next-id-token?mode=...).

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import { SignJWT, decodeJwt, importJWK } from 'jose';
import Provider, { errors } from 'oidc-provider';

const HERE = new URL('.', import.meta.url);
const PEOPLE = JSON.parse(readFileSync(new URL('people.json', HERE))).people;
const CLIENT_JWKS = JSON.parse(readFileSync(new URL('dev-keys/client-public.jwks.json', HERE)));
const RP = (process.env.OIDC_RP_BASE_URL || 'http://127.0.0.1:8000').replace(/\/$/, '');
// make run's site answers on both names; the redirect URI follows the address in the browser.
const RP_BASES = [...new Set([RP, RP.replace('//127.0.0.1:', '//localhost:')])];
const CLIENT_ID = process.env.OIDC_CLIENT_ID || 'alisvest-dev';
const TEST_SWITCHES = process.env.OIDC_TEST_SWITCHES === '1';
const ASSERTION_MAX_SECONDS = 60;

const HELSEID_LEVEL = { high: '4', substantial: '3' };

const KINDS = {
  helseid: {
    title: 'HelseID (lokal testleverandør)',
    port: Number(process.env.OIDC_HELSEID_PORT || 8101),
    scopes: [
      'openid', 'profile',
      'helseid://scopes/identity/pid',
      'helseid://scopes/identity/hpr_number',
      'helseid://scopes/identity/security_level',
    ],
    claims: {
      profile: ['name', 'given_name', 'family_name'],
      'helseid://scopes/identity/pid': ['helseid://claims/identity/pid'],
      'helseid://scopes/identity/hpr_number': ['helseid://claims/hpr/hpr_number'],
      'helseid://scopes/identity/security_level': [
        'helseid://claims/identity/security_level',
        'helseid://claims/identity/assurance_level',
      ],
    },
    acrValues: [],
    personClaims: (p) => ({
      name: p.name,
      given_name: p.given_name,
      family_name: p.family_name,
      'helseid://claims/identity/pid': p.pid,
      ...(p.hpr_number ? { 'helseid://claims/hpr/hpr_number': p.hpr_number } : {}),
      'helseid://claims/identity/security_level': HELSEID_LEVEL[p.level],
      'helseid://claims/identity/assurance_level': p.level,
    }),
    acr: () => undefined,
  },
  idporten: {
    title: 'ID-porten (lokal testleverandør)',
    port: Number(process.env.OIDC_IDPORTEN_PORT || 8102),
    scopes: ['openid', 'profile'],
    claims: { profile: ['name', 'given_name', 'family_name', 'pid', 'locale'] },
    acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
    personClaims: (p) => ({
      name: p.name, given_name: p.given_name, family_name: p.family_name, pid: p.pid, locale: 'nb',
    }),
    acr: (p) => `idporten-loa-${p.level}`,
  },
};

function signingKey(kid) {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

function page(title, body) {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem}</style>
</head><body><h1>${title}</h1>${body}</body></html>`;
}

function readForm(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(new URLSearchParams(data)));
  });
}

// Consent is implied: the demo client may have every scope it asks for.
async function loadExistingGrant(ctx) {
  const { client, session, params, provider } = ctx.oidc;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  if (grantId) {
    const grant = await provider.Grant.find(grantId);
    if (grant) return grant;
  }
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(params.scope);
  await grant.save();
  return grant;
}

async function assertJwtClientAuthClaimsAndHeader(ctx, claims) {
  if (!claims.iat || claims.exp - claims.iat > ASSERTION_MAX_SECONDS) {
    throw new errors.InvalidClientAuth(`client assertion must live at most ${ASSERTION_MAX_SECONDS} seconds`);
  }
}

async function logoutSource(ctx, form) {
  ctx.body = page('Logg ut', `${form}<p>Du logges ut av testleverandøren.</p>
<button form="op.logoutForm" name="logout" value="yes">Logg ut</button>`);
}

function configuration(kind, signing) {
  const byId = Object.fromEntries(PEOPLE.map((p) => [p.sub, p]));
  return {
    clients: [{
      client_id: CLIENT_ID,
      redirect_uris: RP_BASES.map((base) => `${base}/innlogging/${kind.name}/tilbake/`),
      post_logout_redirect_uris: RP_BASES.map((base) => `${base}/innlogging/logget-ut/`),
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: CLIENT_JWKS,
    }],
    clientAuthMethods: ['private_key_jwt'],
    assertJwtClientAuthClaimsAndHeader,
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      rpInitiatedLogout: { enabled: true, logoutSource },
    },
    pkce: { required: () => true },
    scopes: kind.scopes,
    claims: { openid: ['sub'], ...kind.claims },
    conformIdTokenClaims: false,
    acrValues: kind.acrValues,
    jwks: { keys: [signing] },
    cookies: { keys: [randomUUID()] },
    ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant,
    async findAccount(ctx, sub) {
      const person = byId[sub];
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...kind.personClaims(person) }) };
    },
  };
}

// The tests' switch: the next ID token is re-signed with one thing wrong.
async function misbehave(token, mode, signing, stranger) {
  const claims = decodeJwt(token);
  const now = Math.floor(Date.now() / 1000);
  let key = signing;
  if (mode === 'wrong_aud') claims.aud = 'someone-else';
  else if (mode === 'expired') Object.assign(claims, { iat: now - 900, exp: now - 600 });
  else if (mode === 'wrong_nonce') claims.nonce = 'not-the-nonce-you-sent';
  else if (mode === 'unknown_key') key = stranger;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(await importJWK(key, 'RS256'));
}

async function interaction(provider, kind, req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const chosen = (await readForm(req)).get('person');
    const person = PEOPLE.find((p) => p.sub === chosen);
    if (!person) { res.writeHead(400).end('unknown person'); return; }
    const acr = kind.acr(person);
    const login = { accountId: person.sub, ...(acr ? { acr } : {}) };
    await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    return;
  }
  const buttons = PEOPLE.map((p) => `<button name="person" value="${p.sub}">${p.name}${p.hpr_number ? ` (HPR ${p.hpr_number})` : ''}</button>`).join('');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page(kind.title, `<p>Velg testperson:</p><form method="post" action="/interaction/${details.uid}">${buttons}</form>`));
}

function serve(name, kind) {
  kind.name = name;
  const issuer = `http://127.0.0.1:${kind.port}`;
  const signing = signingKey(`${name}-signing-1`);
  const stranger = signingKey('not-in-any-jwks');
  const provider = new Provider(issuer, configuration(kind, signing));
  let nextMode = null;
  provider.use(async (ctx, next) => {
    await next();
    if (nextMode && ctx.path === '/token' && ctx.body?.id_token) {
      ctx.body = { ...ctx.body, id_token: await misbehave(ctx.body.id_token, nextMode, signing, stranger) };
      nextMode = null;
    }
  });
  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      if (url.pathname.startsWith('/interaction/')) return await interaction(provider, kind, req, res);
      if (TEST_SWITCHES && url.pathname === '/__test__/next-id-token' && req.method === 'POST') {
        nextMode = url.searchParams.get('mode');
        return res.writeHead(204).end();
      }
      return callback(req, res);
    } catch (err) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(String(err));
    }
  });
  server.listen(kind.port, '127.0.0.1', () => console.log(`» ${kind.title}: ${issuer}`));
}

for (const [name, kind] of Object.entries(KINDS)) serve(name, kind);
