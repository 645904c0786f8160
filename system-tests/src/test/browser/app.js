import Keycloak from './keycloak-js/keycloak.js';

const out = document.getElementById('out');
const config = await (await fetch('config.json')).json();

async function call(path, token, requestId) {
  const headers = {};
  if (token) headers.Authorization = 'Bearer ' + token;
  if (requestId) headers['X-Request-Id'] = requestId;
  try {
    const response = await fetch(config.gatewayUrl + path, { headers });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('Content-Type'),
      requestId: response.headers.get('X-Request-Id'),
      traceparent: response.headers.get('traceparent'),
      body: text ? JSON.parse(text) : null,
    };
  } catch (e) {
    return { error: String(e) };
  }
}

async function run() {
  if (config.mode === 'refused') {
    // a page on an origin the gateway does not list: the browser must not let it read the answer
    return { catalog: await call('/api/v1/catalog/items?page=0&size=1') };
  }
  const keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId });
  const authenticated = await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false });
  return {
    authenticated,
    username: keycloak.tokenParsed && keycloak.tokenParsed.preferred_username,
    departments: await call('/api/v1/departments', keycloak.token, 'browser-client-0001'),
    withoutToken: await call('/api/v1/departments', null, null),
    catalog: await call('/api/v1/catalog/items?page=0&size=1', null, null),
  };
}

run().then(result => {
  window.testResult = result;
  out.textContent = JSON.stringify(result, null, 2);
}, error => {
  window.testResult = { error: String(error) };
  out.textContent = String(error);
});
