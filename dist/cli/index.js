#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var net = __nccwpck_require__(278);
var tls = __nccwpck_require__(756);
var http = __nccwpck_require__(611);
var https = __nccwpck_require__(692);
var events = __nccwpck_require__(434);
var assert = __nccwpck_require__(613);
var util = __nccwpck_require__(23);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
__webpack_unused_export__ = debug; // for test


/***/ }),

/***/ 486:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(759);
// The axvisor-image command: `npx axvisor-image ls`, or `node dist/cli/index.js ...`.

process.exitCode = await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .iW)(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 759:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  iW: () => (/* binding */ main)
});

// UNUSED EXPORTS: EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, cliMessage

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(296);
;// CONCATENATED MODULE: ./src/core/log.ts
/** A log to the terminal: warnings to stderr, debug only when AXVISOR_IMAGE_DEBUG is set. */
class ConsoleLog {
    verbose;
    constructor(verbose = Boolean(process.env.AXVISOR_IMAGE_DEBUG)) {
        this.verbose = verbose;
    }
    info(message) {
        console.log(message);
    }
    warn(message) {
        console.error(`warning: ${message}`);
    }
    debug(message) {
        if (this.verbose)
            console.error(`debug: ${message}`);
    }
    async group(title, fn) {
        this.debug(`-- ${title}`);
        return fn();
    }
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __nccwpck_require__(770);
// EXTERNAL MODULE: ./src/bundle/undici-on-demand.cjs
var undici_on_demand = __nccwpck_require__(125);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new undici_on_demand.ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./src/net/errors.ts

/** The connection failed, reset, stalled or ended early: worth another attempt. */
class NetworkError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'NetworkError';
    }
}
/** The server answered with a status we did not want. */
class HttpStatusError extends errors/* UserError */.yo {
    url;
    status;
    retryAfterMs;
    constructor(url, status, 
    /** From `Retry-After`, when the server sent one. */
    retryAfterMs) {
        super(`GET ${url} answered HTTP ${status}`);
        this.url = url;
        this.status = status;
        this.retryAfterMs = retryAfterMs;
        this.name = 'HttpStatusError';
    }
}
/** 5xx, 429 and 408 are the server's passing trouble; any other 4xx will not change on retry. */
function isRetryable(err) {
    if (err instanceof NetworkError)
        return true;
    if (err instanceof HttpStatusError)
        return err.status >= 500 || err.status === 429 || err.status === 408;
    return false;
}
/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from now. */
function parseRetryAfter(value, now = Date.now()) {
    if (value === undefined)
        return undefined;
    const v = value.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

;// CONCATENATED MODULE: ./src/net/http.ts



const DEFAULT_STALL_MS = 30_000;
const USER_AGENT = 'axvisor-image (+https://github.com/arceos-hypervisor/axvisor)';
/**
 * GETs `url` through `@actions/http-client` (so `HTTP(S)_PROXY` and `NO_PROXY` apply), following
 * redirects itself. Resolves with any status the caller should see (2xx, and 416 for range
 * requests); other statuses reject with HttpStatusError, transport failures with NetworkError.
 * A redirect from https to plain http is refused. The token is attached only while the request
 * stays on the origin (scheme, host and port) it was first sent to, and only when that host is
 * in the policy: a redirect to a CDN drops it.
 */
async function httpGet(url, opts = {}) {
    const first = new URL(url);
    let current = first;
    for (let hop = 0; hop <= (opts.maxRedirects ?? 10); hop++) {
        // The bytes are hashed as they come: a body the server re-encoded on the way is not the file.
        const headers = { 'accept-encoding': 'identity', ...opts.headers };
        if (opts.auth && current.origin === first.origin && opts.auth.hosts.has(current.host)) {
            headers.authorization = `Bearer ${opts.auth.token}`;
        }
        const res = await requestOnce(current, headers, opts.stallMs ?? DEFAULT_STALL_MS, opts.signal);
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
            res.resume();
            const next = new URL(res.headers.location, current);
            if (next.protocol !== 'http:' && next.protocol !== 'https:') {
                throw new NetworkError(`GET ${redact(url)}: redirect to unsupported URL ${next.protocol}`);
            }
            // Whoever can alter plain http traffic could then serve anything in place of the https URL.
            if (first.protocol === 'https:' && next.protocol === 'http:') {
                throw new errors/* UserError */.yo(`GET ${redact(url)}: refused a redirect from https to plain http (${redact(next.href)})`);
            }
            current = next;
            continue;
        }
        if ((status >= 200 && status < 300) || status === 416) {
            return { status, headers: res.headers, url: current.href, body: res };
        }
        res.resume();
        throw new HttpStatusError(redact(current.href), status, parseRetryAfter(res.headers['retry-after']));
    }
    throw new NetworkError(`GET ${redact(url)}: too many redirects`);
}
/**
 * Hands each request an abort signal, so a stall before the response can end it; and, for a
 * request that goes straight to an IPv6 literal (`http://[::1]:8080/`), the address without its
 * brackets: the client passes `URL.hostname`, brackets and all, to the socket, which then looks
 * up `[::1]` as a name (actions/toolkit#2298). Through a proxy the brackets stay: the CONNECT
 * target must be `[::1]:8080`.
 */
class RequestOptionsHandler {
    signal;
    direct;
    constructor(signal, direct) {
        this.signal = signal;
        this.direct = direct;
    }
    prepareRequest(options) {
        options.signal = this.signal;
        const host = options.host;
        if (this.direct && host && host.startsWith('[') && host.endsWith(']'))
            options.host = host.slice(1, -1);
    }
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        throw new Error('not supported');
    }
}
async function requestOnce(u, headers, stallMs, signal) {
    const wait = stallMs % 1000 === 0 ? `${stallMs / 1000} s` : `${stallMs} ms`;
    const stalled = () => new NetworkError(`no data from ${u.host} for ${wait}`);
    const abort = new AbortController();
    // One client per request: its abort signal and agent belong to this request alone.
    const direct = lib_getProxyUrl(u.href) === '';
    // The caller's signal ends the request as ours does, the body included.
    const ends = signal ? AbortSignal.any([abort.signal, signal]) : abort.signal;
    const client = new HttpClient(USER_AGENT, [new RequestOptionsHandler(ends, direct)], {
        allowRedirects: false,
        allowRetries: false,
        keepAlive: false,
        socketTimeout: stallMs,
    });
    // Covers the proxy's CONNECT too, which happens before the request has a socket to time (and
    // a request aborted before it has one reports nothing): the wait itself is given up.
    const deadline = AbortSignal.timeout(stallMs);
    let onDeadline = () => undefined;
    const stall = new Promise((resolve) => {
        onDeadline = () => resolve('stalled');
        deadline.addEventListener('abort', onDeadline);
    });
    const pending = client.get(u.href, headers);
    let answer;
    try {
        answer = await Promise.race([pending, stall]);
    }
    catch (err) {
        abort.abort();
        if (/^Request timeout/.test(err.message))
            throw stalled();
        throw new NetworkError(`GET ${redact(u.href)}: ${err.message}`, { cause: err });
    }
    finally {
        deadline.removeEventListener('abort', onDeadline);
    }
    if (answer === 'stalled') {
        abort.abort();
        // Should an answer still come, nobody reads it.
        pending.then((late) => late.message.destroy(), () => undefined);
        throw stalled();
    }
    const msg = answer.message;
    msg.on('error', () => undefined);
    // The client times the socket with `socketTimeout`; a stall mid-body must fail the body with
    // our error rather than leave the reader a bare "aborted".
    const socket = msg.socket;
    if (socket) {
        const onTimeout = () => void msg.destroy(stalled());
        socket.setTimeout(stallMs);
        socket.on('timeout', onTimeout);
        msg.once('close', () => socket.off('timeout', onTimeout));
    }
    return msg;
}
/** The body's `Content-Encoding` when the server applied one despite `identity`, else undefined. */
function bodyEncoding(headers) {
    const v = String(headers['content-encoding'] ?? '')
        .trim()
        .toLowerCase();
    return v === '' || v === 'identity' ? undefined : v;
}
/** Signed URLs carry credentials in the query; keep them out of messages. */
function redact(url) {
    try {
        const u = new URL(url);
        if (u.search)
            u.search = '?\u2026';
        if (u.username || u.password) {
            u.username = '';
            u.password = '';
        }
        return u.href;
    }
    catch {
        return url;
    }
}

;// CONCATENATED MODULE: ./src/storage/layout.ts

const KNOWN_EXTENSIONS = ['.tar.gz', '.tgz', '.tar.xz', '.txz', '.tar.zst', '.tzst', '.tar.zstd', '.tar'];
/** The archive's extension as its URL gives it; `.tar.gz` when the URL says nothing we know. */
function archiveExtension(url) {
    const path = new URL(url).pathname.toLowerCase();
    return KNOWN_EXTENSIONS.find((ext) => path.endsWith(ext)) ?? '.tar.gz';
}
/** The extension axbuild 0.4.2 gives every archive, whatever its URL says. */
const RUST_042_EXTENSION = '.tar.gz';
/**
 * The store's own dir inside an output dir (and inside the tool cache's folder): its staging
 * and its records live there, made private to this user; the store sweeps nothing outside it.
 */
const STORE_DIR = '.axvisor-image';
/** In the store dir: one private work dir per run (staging.ts). */
const STAGING_DIR = 'staging';
/** In the store dir: the registry documents last read for each registry input (registry/snapshot.ts). */
const REGISTRY_SNAPSHOTS_DIR = 'registries';
/** Holds the archive's digest once extraction completed (the Rust tool writes it too). */
const layout_MARKER_FILE = '.archive.sha256';
/** Beside the marker: every entry's stamp once extraction was complete (tree-record.ts). */
const RECORD_FILE = '.archive.fingerprint';
/** The Rust tool's registry and the time of its last sync, in its storage dir. */
const RUST_REGISTRY_FILE = 'images.toml';
const LAST_SYNC = '.last_sync';
/** `<name>`, or `<name>-<version>` when the spec named a version: the archive's and the tree's base name. */
function imageBase(spec) {
    return spec.version === undefined ? spec.name : `${spec.name}-${spec.version}`;
}
function imageLayout(outputDir, spec, entry) {
    const base = imageBase(spec);
    const archive = (0,external_node_path_.join)(outputDir, base + archiveExtension(entry.url));
    const rust042 = (0,external_node_path_.join)(outputDir, base + RUST_042_EXTENSION);
    return {
        outputDir,
        base,
        archive,
        archiveNames: archive === rust042 ? [archive] : [archive, rust042],
        extractDir: (0,external_node_path_.join)(outputDir, base),
    };
}
/** The tool cache's folder of ours in `RUNNER_TOOL_CACHE`, and the Actions cache's staging root. */
const TOOL_CACHE_DIR = 'axvisor-image';
/** A cached archive's name in its `<sha256>/` entry dir, in the tool cache and the Actions cache. */
const cachedArchiveName = (extension) => `archive${extension}`;
/** Whether `name` is one `cachedArchiveName` gives, for some extension we know. */
const isCachedArchiveName = (name) => KNOWN_EXTENSIONS.some((ext) => name === cachedArchiveName(ext));
/** The lock that lets one job at a time stage an Actions cache save of `sha256`. */
const saveLockName = (sha256) => `.${sha256}.lock`;

;// CONCATENATED MODULE: ./src/pull/mirrors.ts



const PLACEHOLDERS = ['sha256', 'name', 'version', 'arch', 'file', 'ext'];
/**
 * Parses the mirror lines of a setting (`input` names it in errors): one mirror per line, blank
 * lines and `#` comments ignored. A line that cannot be a mirror is an error naming the line.
 */
function parseMirrors(text, input = 'mirrors') {
    const mirrors = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        // The line itself is not repeated: it may carry credentials.
        const where = `line ${i + 1}`;
        const fail = (why) => {
            throw new errors/* UserError */.yo(`${where}: ${why}`, { setting: input });
        };
        const arrow = line.indexOf('=>');
        if (arrow >= 0) {
            const from = line.slice(0, arrow).trim();
            const to = line.slice(arrow + 2).trim();
            if (!from || !to)
                fail(`a rewrite needs a URL prefix on each side of '=>'`);
            checkUrl(from, fail, 'the prefix before =>');
            checkUrl(to, fail, 'the replacement after =>');
            mirrors.push({ kind: 'prefix', from, to, text: line });
            return;
        }
        const names = [...line.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
        if (names.length === 0) {
            fail(`a mirror is 'PREFIX => REPLACEMENT' or a URL with placeholders such as {sha256} or {file}`);
        }
        const unknown = names.filter((n) => !PLACEHOLDERS.includes(n));
        if (unknown.length > 0) {
            fail(`unknown placeholder {${unknown[0]}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
        }
        const sample = { sha256: '0', name: 'n', version: 'v', arch: 'a', file: 'f', ext: '.tar.gz' };
        checkUrl(fill(line, sample), fail, 'the template');
        mirrors.push({ kind: 'template', template: line, text: line });
    });
    return mirrors;
}
function checkUrl(url, fail, what) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return fail(`${what} is not a URL`);
    }
    if (!['http:', 'https:', 'file:'].includes(u.protocol))
        fail(`${what} must be an http(s) or file URL`);
}
function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(values[name]));
}
/** Where `mirror` would have the archive of `entry`, or undefined when it has nothing for it. */
function mirrorUrl(mirror, entry) {
    if (mirror.kind === 'prefix') {
        return entry.url.startsWith(mirror.from) ? mirror.to + entry.url.slice(mirror.from.length) : undefined;
    }
    const path = new URL(entry.url).pathname;
    const file = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
    return fill(mirror.template, {
        sha256: entry.sha256,
        name: entry.name,
        version: entry.version,
        arch: entry.arch,
        file,
        ext: archiveExtension(entry.url),
    });
}
/**
 * The places to fetch `entry` from, in order: each mirror that has a URL for it, then the
 * registry's own URL unless `mirrorsOnly`. The same URL is tried once.
 */
function candidates(entry, mirrors = [], mirrorsOnly = false) {
    const out = [];
    const add = (url, mirror) => {
        if (!out.some((c) => c.url === url))
            out.push({ url, shown: redact(url), mirror });
    };
    for (const m of mirrors) {
        const url = mirrorUrl(m, entry);
        if (url)
            add(url, true);
    }
    if (!mirrorsOnly)
        add(entry.url, false);
    return out;
}
/** The credentials mirror URLs carry (userinfo, query values), for the runner to mask. */
function mirrorSecrets(mirrors) {
    const out = new Set();
    for (const m of mirrors) {
        for (const text of m.kind === 'prefix' ? [m.from, m.to] : [m.template]) {
            let u;
            try {
                u = new URL(text);
            }
            catch {
                continue;
            }
            for (const part of [u.username, u.password])
                if (part)
                    out.add(decodeURIComponent(part));
            for (const value of u.searchParams.values())
                if (value && !/^\{\w+\}$/.test(value))
                    out.add(value);
        }
    }
    return [...out];
}

;// CONCATENATED MODULE: ./src/ops/settings.ts



const REGISTRY_BASE = 'https://raw.githubusercontent.com/arceos-hypervisor/axvisor-guest/refs/heads/main/registry';
/** The registry AxVisor publishes; it includes one file per release. */
const DEFAULT_REGISTRY = `${REGISTRY_BASE}/default.toml`;
/** The newest single-release registry, for when default.toml cannot be had. */
const DEFAULT_FALLBACK_REGISTRY = `${REGISTRY_BASE}/v0.0.26.toml`;
/** The Rust tool's local storage, so both find each other's files. */
function defaultOutputDir() {
    return (0,external_node_path_.join)((0,external_node_os_namespaceObject.tmpdir)(), '.axvisor-images');
}
/**
 * Whether `dir` is the tools' shared default store (or a per-user one the default gave way to),
 * where `cargo xtask image` also extracts trees, without a marker in axbuild 0.4.2: there a tree
 * neither tool marked is the tools', and may be replaced. Elsewhere it is the user's own.
 */
function isSharedStore(dir) {
    const base = defaultOutputDir();
    return dir === base || dir.startsWith(`${base}-`);
}
/** Generous: the largest published image unpacks to a few GiB. */
const DEFAULT_MAX_SIZE = 64 * 1024 ** 3;
/** Where a runner's administrator sets mirrors once for every workflow and CLI run. */
const MIRRORS_ENV = 'AXVISOR_IMAGE_MIRRORS';
/**
 * The mirrors, for both faces: those the input or flag gives, else those of the environment
 * variable (named as the setting in errors, so a bad line there is traced to it).
 */
function mirrorsFrom(given, env, setting) {
    if (given.trim() !== '')
        return parseMirrors(given, setting);
    return parseMirrors(env[MIRRORS_ENV] ?? '', MIRRORS_ENV);
}
/**
 * The one fallback rule, for both faces: a fallback named explicitly backs any registry, `none`
 * turns it off, and with nothing named the built-in fallback backs only the built-in registry.
 * Someone who names their own registry does not silently get images from another one.
 */
/** Whether the fallback setting is `none`, which turns the offline snapshot off too. */
function isNoFallback(named) {
    return named?.trim() === 'none';
}
function fallbackFor(registries, named) {
    const v = named?.trim();
    if (v === 'none')
        return undefined;
    if (v)
        return v;
    const builtIn = registries.length === 0 || registries.every((r) => r === DEFAULT_REGISTRY);
    return builtIn ? DEFAULT_FALLBACK_REGISTRY : undefined;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
;// CONCATENATED MODULE: ./src/storage/trust.ts

/** The running user, whose files alone are trusted. */
function currentUid() {
    return process.getuid?.() ?? 0;
}
/**
 * Why a file or dir found on disk may not be trusted by this user, or undefined when it may:
 * it must be of the expected kind (never a link to one), owned by `uid`, and writable by no
 * one else. Anything else could have been put there or changed by another local user.
 */
function trustProblem(st, uid, kind) {
    if (st.isSymbolicLink())
        return 'is a symbolic link';
    if (kind === 'directory' ? !st.isDirectory() : !st.isFile())
        return `is not a ${kind}`;
    const owner = Number(st.uid);
    const mode = Number(st.mode);
    if (owner !== uid)
        return `is owned by uid ${owner}, not by this user (uid ${uid})`;
    if ((mode & 0o022) !== 0) {
        return `can be written by other users (mode ${(mode & 0o7777).toString(8).padStart(4, '0')})`;
    }
    return undefined;
}
/** Whether a file of ours that no one else can write is at `path` (false when absent). */
async function isTrustedFile(path) {
    const st = await (0,promises_.lstat)(path).catch(() => undefined);
    return st !== undefined && trustProblem(st, currentUid(), 'file') === undefined;
}

;// CONCATENATED MODULE: ./src/storage/output-dir.ts






/** Linux's limits: a whole path, and one name in it (the pull's own names stay under the latter). */
const PATH_MAX = 4096;
const NAME_MAX = 255;
/**
 * Creates the output dir and checks that it is a directory this process can use, so that an
 * unusable `input` fails at once with what is wrong, not with an errno from deep in the pull.
 * A dir that cannot be written (a read-only mount, a store baked into a runner image) is
 * accepted: the pull serves what it holds verified, and says why it cannot store anything else.
 * Dirs that hold other things the store must never sweep or fill are refused (`dangerousDir`).
 */
async function prepareOutputDir(path, input = 'output-dir', env = process.env) {
    const fail = (what, cause) => {
        throw new errors/* UserError */.yo(`${path} ${what}`, { cause, setting: input });
    };
    // Room for one more name of the longest kind, so the pull's own files fit below it.
    if (Buffer.byteLength(path) + 1 + NAME_MAX >= PATH_MAX) {
        fail(`is too long a path: it must leave room below it for file names (at most ${PATH_MAX - NAME_MAX - 2} bytes)`);
    }
    const danger = await dangerousDir(path, env);
    if (danger)
        fail(`is ${danger}: images would be mixed with everything else there; use a dir of their own below it`);
    try {
        await (0,promises_.mkdir)(path, { recursive: true });
    }
    catch (err) {
        fail(whyNotCreated(err.code), err);
    }
    const st = await (0,promises_.stat)(path).catch((err) => fail('cannot be read (permission denied)', err));
    if (!st.isDirectory())
        fail('is not a directory');
    await (0,promises_.access)(path, external_node_fs_.constants.R_OK | external_node_fs_.constants.X_OK).catch((err) => fail('is a directory this job cannot read (check its owner and permissions)', err));
    const writable = await (0,promises_.access)(path, external_node_fs_.constants.W_OK).then(() => true, () => false);
    return { writable };
}
/**
 * Which of the places an output dir must never be `path` is, if any: the root, the home dir, the
 * workspace, and the runner's temp and tool cache dirs themselves (below them is fine).
 */
async function dangerousDir(path, env) {
    const places = [
        ['/', 'the root directory'],
        [(0,external_node_os_namespaceObject.homedir)(), 'the home directory'],
        [env.GITHUB_WORKSPACE, 'the workspace (GITHUB_WORKSPACE)'],
        [env.RUNNER_TEMP, "the runner's temp dir (RUNNER_TEMP)"],
        [env.RUNNER_TOOL_CACHE, "the runner's tool cache (RUNNER_TOOL_CACHE)"],
    ];
    const own = await canonical(path);
    for (const [place, what] of places) {
        if (place && own.includes(await canonical(place).then((c) => c[0])))
            return what;
    }
    return undefined;
}
/** The path as given (resolved) and, when it exists, with its links resolved. */
async function canonical(path) {
    const abs = (0,external_node_path_.resolve)(path);
    const real = await (0,promises_.realpath)(abs).catch(() => abs);
    return real === abs ? [abs] : [abs, real];
}
/**
 * The output dir to use. One that exists must be a dir of this user's that no one else can
 * write, or another local user could have put a tree or an archive there. The shared default
 * under the temp dir may belong to another user of the machine: then a per-user dir beside it
 * is used, and when that one is taken too, a fresh private one; each time with a warning naming
 * the dir, never a failure, and never the other user's files. A dir the user named is used as
 * named, or the step fails.
 */
async function chooseOutputDir(dir, isDefault, log) {
    const uid = currentUid();
    const problem = await outputDirProblem(dir, uid, !isDefault);
    if (!problem)
        return dir;
    if (!isDefault)
        throw new errors/* UserError */.yo(`${dir} ${problem}; use a dir of your own`, { setting: 'output-dir' });
    const own = `${dir}-${uid}`;
    const ownProblem = await outputDirProblem(own, uid, false);
    if (!ownProblem) {
        log.warn(`the default output dir ${dir} ${problem}; using ${own} instead (set output-dir to choose)`);
        return own;
    }
    // Both names are taken: a dir nobody else can have made, private to this user.
    const fresh = await (0,promises_.mkdtemp)(`${own}-`).catch((err) => {
        throw new errors/* UserError */.yo(`the default ${dir} ${problem}, ${own} ${ownProblem}, and no private dir could be made beside them (${err.code}); set output-dir to a dir of your own`, { setting: 'output-dir' });
    });
    log.warn(`the default output dir ${dir} ${problem}, and ${own} ${ownProblem}; using the new private dir ${fresh} for this run (set output-dir to choose)`);
    return fresh;
}
/** Why `dir` may not hold this user's images; a missing one is made, for this user alone. */
async function outputDirProblem(dir, uid, followLink) {
    const look = () => (followLink ? (0,promises_.stat)(dir) : (0,promises_.lstat)(dir)).catch(() => undefined);
    let st = await look();
    if (!st) {
        // Another user may win the race to make it; the check below then sees whose it is.
        await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o755 }).catch(() => undefined);
        st = await look();
        // Nothing there to distrust: the pull's own check says why it cannot be made.
        if (!st)
            return undefined;
    }
    return trustProblem(st, uid, 'directory');
}
function whyNotCreated(code) {
    switch (code) {
        case 'EEXIST':
            return 'exists and is not a directory';
        case 'ENOTDIR':
            return 'cannot be created: part of the path is a file, not a directory';
        case 'EACCES':
        case 'EPERM':
            return 'cannot be created: a directory above it does not let this job write to it';
        case 'EROFS':
            return 'cannot be created: the file system is read-only';
        case 'ENOSPC':
            return 'cannot be created: the disk is full';
        case 'ENAMETOOLONG':
            return `cannot be created: a name in the path is longer than ${NAME_MAX} bytes`;
        default:
            return `cannot be created${code ? ` (${code})` : ''}`;
    }
}
/**
 * A file system error met while writing an image below `outputDir`, as an error naming the input:
 * a path too long for the file system (a long output dir plus the archive's own paths), or a
 * full disk. Other errors are returned as they are.
 */
function explainDiskError(err, outputDir, input = 'output-dir') {
    // The extractor and the tee wrap file system errors, keeping them as the cause.
    let e = err;
    while (e && e.code !== 'ENAMETOOLONG' && e.code !== 'ENOSPC')
        e = e.cause;
    if (!e)
        return err;
    if (e.code === 'ENOSPC') {
        return new errors/* UserError */.yo(`no space left on the device that holds ${outputDir} (${(0,errors/* errorMessage */.gJ)(err)}); free some space or choose an output dir on a larger disk`, { cause: err, setting: input });
    }
    return new errors/* UserError */.yo(`a path below ${outputDir} is too long for the file system` +
        `${e.path ? ` (${Buffer.byteLength(e.path)} bytes: ${e.path})` : ''}; choose a shorter output dir`, { cause: err, setting: input });
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(975);
;// CONCATENATED MODULE: ./src/ops/setting-values.ts

/** Text to setting values, for both faces; `input` names the setting in errors. */
function parseBool(text, input, dflt) {
    const v = text.trim().toLowerCase();
    if (v === '')
        return dflt;
    if (['true', 'yes', 'on', '1'].includes(v))
        return true;
    if (['false', 'no', 'off', '0'].includes(v))
        return false;
    throw new UserError(`'${text}' is not a boolean (use true or false)`, { setting: input });
}
function parseIntInRange(text, input, dflt, min, max) {
    const v = text.trim();
    if (v === '')
        return dflt;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        throw new errors/* UserError */.yo(`'${text}' is not a whole number from ${min} to ${max}`, { setting: input });
    }
    return Number(v);
}
/** `500M`, `20G`, `1.5GiB`, or plain bytes. */
function parseSize(text, input, dflt) {
    const v = text.trim();
    if (v === '')
        return dflt;
    const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(v);
    if (!m)
        throw new UserError(`'${text}' is not a size (e.g. 20G, 500M or a number of bytes)`, { setting: input });
    const power = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
    return Math.floor(Number(m[1]) * 1024 ** power);
}
/** Space-, comma- or newline-separated values. */
function splitList(text) {
    return text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
/** A regex on the name, or a plain substring when the text is not a valid regex (as the Rust tool does). */
function nameFilter(text) {
    try {
        return new RegExp(text);
    }
    catch {
        return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
}

;// CONCATENATED MODULE: ./src/registry/spec.ts

/** What an image name may be, in a spec and in a registry (arch names too). */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;
/**
 * Longest `<name>` or `<name>-<version>` accepted. The output dir holds `<base><ext>`, its temp
 * copies `<base><ext>.<pid>-<tag>.part` and `.<base>.partial-<pid>-<tag>`: with the longest
 * extension and pid these stay under the file system's 255-byte names, with room to spare.
 */
const MAX_BASE_LENGTH = 200;
/** The `<name>-<version>` (or `<name>`) files are named after, when over `MAX_BASE_LENGTH`. */
function baseTooLong(name, version) {
    const base = version === undefined ? name : `${name}-${version}`;
    return base.length > MAX_BASE_LENGTH ? base : undefined;
}
/** Parses one spec; `input` names where it came from, for the error message. */
function parseSpec(text, input = 'image') {
    const spec = text.trim();
    if (spec === '')
        throw new errors/* UserError */.yo(`an image spec is empty`, { setting: input });
    // Split at the first colon, like the Rust tool: names never contain one, versions may not either.
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const version = colon < 0 ? undefined : spec.slice(colon + 1);
    if (!NAME_RE.test(name)) {
        throw new errors/* UserError */.yo(`'${spec}' is not a valid image spec: the name must be letters, digits, '_', '-' or '.' (expected 'name' or 'name:version')`, { setting: input });
    }
    if (version !== undefined && !VERSION_RE.test(version)) {
        throw new errors/* UserError */.yo(`'${spec}' is not a valid image spec: the version after ':' must be letters, digits, '.', '_', '+' or '-'`, { setting: input });
    }
    const long = baseTooLong(name, version);
    if (long !== undefined) {
        throw new errors/* UserError */.yo(`'${spec.slice(0, 40)}\u2026' is too long an image spec: the name and version together may have at most ${MAX_BASE_LENGTH} characters (this one has ${long.length}), as files are named after them`, { setting: input });
    }
    return version === undefined ? { name } : { name, version };
}
/**
 * Parses an input that holds specs one per line or separated by commas, as AxVisor's matrix
 * writes several (`vmimage_name: a,b`); blank lines and `#` comments ignored. A spec never holds
 * a comma.
 */
function parseSpecList(text, input = 'image') {
    return splitLines(text)
        .flatMap((line) => line.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map((spec) => parseSpec(spec, input));
}
/** One value per line or per comma-free line; blank lines and `#` comments dropped. */
function splitLines(text) {
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
}
function spec_formatSpec(spec) {
    return spec.version === undefined ? spec.name : `${spec.name}:${spec.version}`;
}

;// CONCATENATED MODULE: ./src/cli/args.ts






/** A mistake in the command line itself: exit status 2, and a pointer to the help. */
class UsageError extends Error {
    command;
    constructor(message, command) {
        super(message);
        this.command = command;
        this.name = 'UsageError';
    }
}
const OPTIONS = {
    registry: { type: 'string', multiple: true },
    'fallback-registry': { type: 'string' },
    'output-dir': { type: 'string' },
    retries: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
    verbose: { type: 'boolean', short: 'v' },
    output: { type: 'string', short: 'o' },
    'no-extract': { type: 'boolean' },
    mirror: { type: 'string', multiple: true },
    'mirrors-only': { type: 'boolean' },
};
const GLOBAL = ['registry', 'fallback-registry', 'output-dir', 'retries', 'help', 'version'];
const OWN = {
    ls: ['verbose'],
    pull: ['output', 'no-extract', 'mirror', 'mirrors-only'],
    rm: [],
    sync: [],
    help: [],
};
const ALIASES = {
    ls: 'ls',
    list: 'ls',
    pull: 'pull',
    download: 'pull',
    rm: 'rm',
    remove: 'rm',
    sync: 'sync',
    help: 'help',
};
/**
 * Parses the command line. Options may come before or after the command; an option another
 * command owns, a missing or extra operand, or a malformed spec is a UsageError.
 */
function parseCommandLine(argv, env = process.env) {
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    }
    catch (err) {
        throw new UsageError((0,errors/* errorMessage */.gJ)(err), commandIn(argv));
    }
    const { values, positionals } = parsed;
    const [word, ...operands] = positionals;
    const command = word === undefined ? undefined : ALIASES[word];
    if (word !== undefined && command === undefined) {
        throw new UsageError(`unknown command '${word}' (commands: ls, pull, rm, sync, help)`);
    }
    const given = Object.keys(values).filter((k) => values[k] !== undefined);
    for (const opt of given) {
        if (GLOBAL.includes(opt))
            continue;
        if (!command || !OWN[command].includes(opt)) {
            const flag = OPTIONS[opt] && 'short' in OPTIONS[opt] ? `-${OPTIONS[opt].short}/--${opt}` : `--${opt}`;
            throw new UsageError(`option ${flag} does not apply to ${command ? `'${command}'` : 'no command'}`, command);
        }
    }
    const help = values.help === true;
    const arity = (min, max, what) => {
        if (help || values.version === true)
            return;
        if (operands.length < min)
            throw new UsageError(`'${command}' needs ${what}`, command);
        if (operands.length > max)
            throw new UsageError(`'${command}' takes ${what}, not '${operands.slice(max).join(' ')}'`, command);
    };
    let specs = [];
    let pattern;
    switch (command) {
        case 'ls':
            arity(0, 1, 'at most one pattern');
            pattern = operands[0];
            break;
        case 'pull':
        case 'rm':
            arity(1, Infinity, 'an image spec (name or name:version)');
            specs = operands.map((text) => {
                try {
                    return parseSpec(text, 'spec');
                }
                catch (err) {
                    throw new UsageError((0,errors/* errorMessage */.gJ)(err), command);
                }
            });
            break;
        case 'sync':
            arity(0, 0, 'no operands');
            break;
        case 'help':
            arity(0, 1, 'at most one command name');
            pattern = operands[0];
            break;
    }
    const registries = values.registry ?? [];
    const fallback = values['fallback-registry'];
    const storage = (0,external_node_path_.resolve)(values['output-dir'] ?? defaultOutputDir());
    let retries;
    try {
        retries = parseIntInRange(values.retries ?? '', 'retries', 3, 0, 20);
    }
    catch (err) {
        throw new UsageError(`--retries: ${(0,errors/* errorMessage */.gJ)(err)}`, command);
    }
    let mirrors = [];
    try {
        // Only a pull downloads: a bad mirror in the environment does not stop `ls`.
        if (command === 'pull')
            mirrors = mirrorsFrom((values.mirror ?? []).join('\n'), env, '--mirror');
    }
    catch (err) {
        const setting = err instanceof errors/* UserError */.yo ? err.setting : undefined;
        throw new UsageError(`${setting ?? '--mirror'}: ${(0,errors/* errorMessage */.gJ)(err)}`, command);
    }
    const settings = {
        images: specs,
        registries: registries.length > 0 ? registries : [DEFAULT_REGISTRY],
        fallbackRegistry: fallbackFor(registries, fallback),
        noFallback: isNoFallback(fallback),
        outputDir: storage,
        extract: values['no-extract'] !== true,
        cache: false,
        toolCache: true,
        arch: [],
        filter: undefined,
        retries,
        token: undefined,
        maxSize: DEFAULT_MAX_SIZE,
        // One at a time: each image's lines stay together on the terminal.
        concurrency: 1,
        mirrors,
        mirrorsOnly: values['mirrors-only'] === true,
    };
    return {
        command,
        help,
        version: values.version === true,
        pattern,
        specs,
        verbose: values.verbose === true,
        pullDir: values.output ? (0,external_node_path_.resolve)(values.output) : storage,
        settings,
    };
}
/** The command named in an argument list that failed to parse, for the help pointer. */
function commandIn(argv) {
    const word = argv.find((a) => !a.startsWith('-'));
    return word ? ALIASES[word] : undefined;
}

;// CONCATENATED MODULE: ./src/registry/order.ts
/**
 * Compares version strings part by part, numerically where both parts are numbers
 * ("0.0.10" > "0.0.9"), as text otherwise. For display only (the matrix, lists of versions):
 * which entry is the latest follows the Rust tool's rule (rust-order.ts).
 */
function compareVersions(a, b) {
    const pa = a.split(/[.+-]/);
    const pb = b.split(/[.+-]/);
    const n = Math.max(pa.length, pb.length);
    for (let i = 0; i < n; i++) {
        const x = pa[i];
        const y = pb[i];
        if (x === undefined)
            return -1;
        if (y === undefined)
            return 1;
        const nx = /^\d+$/.test(x) ? Number(x) : NaN;
        const ny = /^\d+$/.test(y) ? Number(y) : NaN;
        if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
            if (nx !== ny)
                return nx < ny ? -1 : 1;
        }
        else if (x !== y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}
/** By name, then by version: how the matrix and the CLI list entries. */
function order_byNameThenVersion(a, b) {
    if (a.name !== b.name)
        return a.name < b.name ? -1 : 1;
    return compareVersions(a.version, b.version);
}
/** `released_at` as registries write it: RFC 3339 without milliseconds; '' when absent. */
function releasedText(e) {
    return e.releasedAt ? e.releasedAt.replace('.000Z', 'Z') : '';
}

;// CONCATENATED MODULE: ./src/registry/instant.ts
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
/**
 * An RFC 3339 date-time with an offset, to the nanosecond as chrono keeps it (digits past the
 * ninth are dropped, as chrono drops them); undefined for anything else, including dates that
 * do not exist (February 30) and leap seconds.
 */
function parseInstant(text) {
    const m = RFC3339_RE.exec(text.trim());
    if (!m)
        return undefined;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    const fraction = m[7] ?? '';
    if (hour > 23 || minute > 59 || second > 59)
        return undefined;
    let offset = 0;
    if (m[9]) {
        const oh = Number(m[10]);
        const om = Number(m[11]);
        if (oh > 23 || om > 59)
            return undefined;
        offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
    }
    // setUTCFullYear, not Date.UTC: the latter reads years 0 to 99 as 1900 to 1999.
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
        return undefined;
    }
    d.setUTCHours(hour, minute, second, 0);
    return { secs: d.getTime() / 1000 - offset, nanos: Number(fraction.slice(0, 9).padEnd(9, '0')) };
}
/** A TOML offset date-time (smol-toml keeps milliseconds). */
function instantOfTomlDate(date) {
    const ms = date.getTime();
    const secs = Math.floor(ms / 1000);
    return { secs, nanos: (ms - secs * 1000) * 1_000_000 };
}
/** The order of Rust's `Option<DateTime<Utc>>`: absent before any instant. */
function compareReleased(a, b) {
    if (a === undefined || b === undefined)
        return a === b ? 0 : a === undefined ? -1 : 1;
    return a.secs - b.secs || a.nanos - b.nanos;
}
/** ISO 8601 in UTC to the millisecond, as `ImageEntry.releasedAt` holds it. */
function isoOfInstant(t) {
    return new Date(t.secs * 1000 + Math.floor(t.nanos / 1_000_000)).toISOString();
}
/**
 * The text chrono writes for a `DateTime<Utc>` (serde: RFC 3339, `Z`, as many fraction digits as
 * the value needs, in groups of three), which is what the Rust tool's sync puts in images.toml.
 */
function chronoText(t) {
    const d = new Date(t.secs * 1000);
    const year = d.getUTCFullYear();
    const yearText = year >= 0 && year <= 9999
        ? String(year).padStart(4, '0')
        : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(4, '0')}`;
    const two = (n) => String(n).padStart(2, '0');
    const digits = t.nanos % 1_000_000 === 0 ? 3 : t.nanos % 1000 === 0 ? 6 : 9;
    const fraction = t.nanos === 0 ? '' : `.${String(t.nanos).padStart(9, '0').slice(0, digits)}`;
    return (`${yearText}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}` +
        `T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${fraction}Z`);
}

;// CONCATENATED MODULE: ./src/registry/rust-order.ts

/*
 * The Rust tool's order and its `latest` (axbuild `src/axvisor/image/registry.rs`: `merge_entries`
 * sorts by `(name, version)` as `&str`, and `find` without a version takes `max_by` on
 * `released_at` over that list). See docs/compatibility.md.
 */
/**
 * Rust's `str` order: by UTF-8 bytes, which is code point order. JavaScript's `<` compares UTF-16
 * units, which differs only where a surrogate pair meets a unit from U+E000 to U+FFFF.
 */
function compareUtf8(a, b) {
    if (a === b)
        return 0;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x !== y)
            return utf8Rank(x) - utf8Rank(y);
    }
    return a.length - b.length;
}
/** A UTF-16 unit moved to where its code point sorts: surrogates after U+FFFF, not before U+E000. */
function utf8Rank(unit) {
    if (unit >= 0xe000)
        return unit - 0x800;
    if (unit >= 0xd800)
        return unit + 0x2000;
    return unit;
}
/** The order of Rust's `(name.as_str(), version.as_str())` tuples. */
function compareRustKey(a, b) {
    return compareUtf8(a.name, b.name) || compareUtf8(a.version, b.version);
}
/**
 * The Rust tool's `latest` among `items` (all of one name): `max_by` over them in `(name,
 * version)` text order keeps the last of equal maxima, and no `released_at` sorts before any.
 * Also every item that ties with it, for a warning. Items whose `released_at` cannot be read are
 * the caller's to rule out first.
 */
function rustLatest(items) {
    const sorted = [...items].sort(compareRustKey);
    let chosen;
    for (const item of sorted) {
        if (!chosen || compareReleased(item.released, chosen.released) >= 0)
            chosen = item;
    }
    if (!chosen)
        return undefined;
    const best = chosen.released;
    return { chosen, ties: sorted.filter((i) => i !== chosen && compareReleased(i.released, best) === 0) };
}

;// CONCATENATED MODULE: ./src/registry/select.ts





/**
 * Picks the entry a spec names. First as the Rust tool does, over what it reads: that exact
 * version, or its `latest`. Only a spec that view cannot resolve is looked up in everything read
 * (older release files, the registry's own images, the other registries given), with a log line
 * saying so. An entry found that this tool cannot use is an error, never passed over for another.
 */
function select_selectImage(reg, spec, ctx) {
    let item = findItem(reg, reg.rust.items, spec, ctx.log);
    if (!item) {
        item = findItem(reg, reg.wider.items, spec, ctx.log);
        if (item) {
            ctx.log.info(`${spec_formatSpec(spec)}: ${rustMiss(reg.rust)}; taking ${item.name}:${item.version} from ${item.where}`);
        }
    }
    if (!item)
        throw new errors/* UserError */.yo(notFoundMessage(reg, spec), { setting: 'image' });
    if (!item.entry) {
        throw new errors/* UserError */.yo(`${spec_formatSpec(spec)}: the entry for it at ${item.where} (${item.name}:${item.version}) is invalid: ${item.problem ?? 'unusable'}`, { setting: 'image' });
    }
    const chosen = item.entry;
    if (ctx.arch && ctx.arch.length > 0 && !ctx.arch.includes(chosen.arch)) {
        throw new errors/* UserError */.yo(`image ${chosen.name}:${chosen.version} is for ${chosen.arch}, not ${ctx.arch.join(' or ')}`, { setting: 'arch' });
    }
    return chosen;
}
/** Why the Rust tool's view did not have it. */
function rustMiss(rust) {
    if (!rust.source || rust.docs.length === 0) {
        const why = rust.unread[0];
        return `the registry the Rust tool reads could not be read${why ? ` (${why.url}: ${why.error})` : ''}`;
    }
    return `not in ${rust.source.url} (the ${rust.source.role} the Rust tool reads) or its includes`;
}
/** The Rust tool's `find` over `items`: the first entry of that name and version, or its `latest`. */
function findItem(reg, items, spec, log) {
    const sameName = items.filter((i) => i.name === spec.name);
    if (spec.version !== undefined)
        return sameName.find((i) => i.version === spec.version);
    const unreadable = sameName.find((i) => i.released === 'unreadable');
    if (unreadable) {
        throw new errors/* UserError */.yo(`cannot tell which version of ${spec.name} the Rust tool takes as the latest: released_at at ${unreadable.where} is not a date-time this tool reads (${unreadable.problem ?? 'unreadable'}); pin a version (${spec.name}:<version>)`, { setting: 'image' });
    }
    const latest = rustLatest(sameName);
    if (latest && latest.ties.length > 0 && !reg.said.has(`tie\u0000${spec.name}`)) {
        reg.said.add(`tie\u0000${spec.name}`);
        const at = latest.chosen.released;
        const tied = [latest.chosen, ...latest.ties].map((i) => `${i.version} at ${i.where}`).join(', ');
        log.warn(`${spec.name}: ${latest.ties.length + 1} entries share the latest released_at (${at ? chronoText(at) : 'none given'}): ${tied}; taking ${latest.chosen.version}, as the Rust tool does (the last of them in (name, version) text order); give them distinct dates, or pin a version`);
    }
    return latest?.chosen;
}
function notFoundMessage(reg, spec) {
    const parts = [];
    const sameName = reg.images.filter((e) => e.name === spec.name);
    if (sameName.length > 0) {
        const versions = sameName.map((e) => e.version).sort(compareVersions);
        parts.push(`${spec.name} has no version ${spec.version}; available versions: ${versions.join(', ')}`);
    }
    else {
        parts.push(`no image named '${spec_formatSpec(spec)}' in the registry`);
        const names = [...new Set(reg.images.map((e) => e.name))];
        const close = closestNames(spec.name, names, 5);
        if (close.length > 0)
            parts.push(`closest names: ${close.join(', ')}`);
        const arches = [...new Set(reg.images.map((e) => e.arch))].sort();
        if (arches.length > 0)
            parts.push(`architectures available: ${arches.join(', ')}`);
    }
    const broken = reg.invalid.filter((b) => b.name === spec.name);
    for (const b of broken)
        parts.push(`an entry for it at ${b.where} is invalid: ${b.problem}`);
    for (const f of reg.failedIncludes)
        parts.push(`included registry ${f.url} could not be read (${f.error})`);
    return parts.join('; ');
}
/** Names ranked by edit distance, with names that contain the query (or vice versa) first. */
function closestNames(query, names, limit) {
    const q = query.toLowerCase();
    return names
        .map((n) => {
        const l = n.toLowerCase();
        const contains = l.includes(q) || q.includes(l);
        return { n, score: levenshtein(q, l) - (contains ? 100 : 0) };
    })
        .filter((x) => x.score <= Math.max(3, Math.floor(q.length / 2)))
        .sort((a, b) => a.score - b.score || (a.n < b.n ? -1 : 1))
        .slice(0, limit)
        .map((x) => x.n);
}
function levenshtein(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
        }
        prev = cur;
    }
    return prev[b.length] ?? 0;
}

;// CONCATENATED MODULE: ./src/core/format.ts
/** Bytes for people: `812 B`, `3.4 KiB`, `150.2 MiB`. */
function humanBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = bytes;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
function format_plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: ./src/net/retry.ts


const DEFAULT_RETRY = { retries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };
/** One attempt: for reads whose failure is no one's concern (a local file, a read ahead). */
const NO_RETRY = { retries: 0, baseDelayMs: 0, maxDelayMs: 0 };
/** A server asking us to wait longer than this is treated as if it asked for this long. */
const MAX_RETRY_AFTER_MS = 120_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Runs `fn` until it succeeds, fails with an error that a retry cannot mend, or the attempts run
 * out. The wait doubles each time, with jitter so that a matrix of jobs does not retry in step,
 * and follows `Retry-After` when the server sends it.
 */
async function withRetries(what, policy, log, fn) {
    for (let attempt = 0;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            if (attempt >= policy.retries || !isRetryable(err))
                throw err;
            const delay = backoff(policy, attempt, err);
            log.warn(`${what}: ${(0,errors/* errorMessage */.gJ)(err)}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 2} of ${policy.retries + 1})`);
            await sleep(delay);
        }
    }
}
function backoff(policy, attempt, err) {
    if (err instanceof HttpStatusError && err.retryAfterMs !== undefined) {
        return Math.min(err.retryAfterMs, MAX_RETRY_AFTER_MS);
    }
    const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    return Math.round(exp * (0.5 + Math.random() * 0.5));
}

;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./src/storage/own-file.ts




/**
 * Reads a bookkeeping file (a marker, a record, a lock) as untrusted data: only a regular file of
 * this user's that no one else can write, opened without following a link or waiting on a FIFO,
 * and no larger than `maxBytes`. Anything else reads as "no such file", with the reason.
 */
async function readOwnFile(path, uid, maxBytes) {
    const name = (0,external_node_path_.basename)(path);
    let fh;
    try {
        fh = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT')
            return { absent: true, why: `no ${name}` };
        if (code === 'ELOOP')
            return { why: `a ${name} that is a symbolic link` };
        return { why: `an unreadable ${name} (${code})` };
    }
    try {
        const st = await fh.stat();
        const problem = trustProblem(st, uid, 'file');
        if (problem)
            return { why: `a ${name} that ${problem}` };
        if (st.size > maxBytes)
            return { why: `a ${name} of ${st.size} bytes, too large to be one of ours` };
        const buf = Buffer.alloc(st.size);
        const { bytesRead } = await fh.read(buf, 0, st.size, 0);
        return { text: buf.subarray(0, bytesRead).toString('utf8'), why: '' };
    }
    catch (err) {
        return { why: `an unreadable ${name} (${err.code ?? err})` };
    }
    finally {
        await fh.close();
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: ./src/storage/remove-tree.ts
var remove_tree = __nccwpck_require__(618);
;// CONCATENATED MODULE: ./src/storage/staging.ts







/**
 * The store's own dir in `root` (an output dir): `<root>/.axvisor-image`, made by this user with
 * mode 0700. Everything in it was put there by this tool for this user, so it may be swept as a
 * whole; nothing outside it ever is. A dir of that name that is not such a dir (the user's own,
 * another user's, a link) is left alone and named in the error.
 */
async function storeDir(root) {
    const dir = (0,external_node_path_.join)(root, STORE_DIR);
    await privateDir(dir);
    return dir;
}
/** Makes `dir` as a private dir of this user's, or checks that the one there is one. */
async function privateDir(dir) {
    try {
        await (0,promises_.mkdir)(dir, { mode: 0o700 });
    }
    catch (err) {
        if (err.code !== 'EEXIST')
            throw err;
    }
    const st = await (0,promises_.lstat)(dir);
    const problem = trustProblem(st, currentUid(), 'directory') ??
        ((st.mode & 0o077) !== 0 ? `is open to other users (mode ${(st.mode & 0o777).toString(8)})` : undefined);
    if (problem) {
        throw new errors/* UserError */.yo(`${dir} ${problem}: it is not this tool's private dir, so it is left alone; remove it, or use another dir`);
    }
}
/** A work dir's name: the writer's pid, so a sweep can tell a dead run's from a live one's. */
const WORK_RE = /^(\d+)-[0-9a-f]{12}$/;
/**
 * One run's private scratch space: `<private dir>/staging/<pid>-<random>/`, on the same file
 * system as the final names, so that what is built there is put in place by one rename. A run
 * killed before `close` leaves its work dir behind; the next `open` of the same private dir
 * removes the work dirs of runs that are gone, and only those (pid not alive in this pid
 * namespace). Nothing in the private dir is anyone else's, so nothing of anyone's is swept.
 */
class Staging {
    dir;
    count = 0;
    constructor(dir) {
        this.dir = dir;
    }
    /** Opens a fresh work dir in the private dir `home` (made 0700 if missing), sweeping dead runs' first. */
    static async open(home) {
        const staging = (0,external_node_path_.join)(home, STAGING_DIR);
        for (let attempt = 0;; attempt++) {
            try {
                await privateDir(home);
                await privateDir(staging);
                await sweepDead(staging);
                const dir = (0,external_node_path_.join)(staging, `${process.pid}-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
                await (0,promises_.mkdir)(dir, { mode: 0o700 });
                return new Staging(dir);
            }
            catch (err) {
                // Another run's `close` removed the empty staging dir in between: make it again.
                if (err.code !== 'ENOENT' || attempt >= 3)
                    throw err;
            }
        }
    }
    /** A fresh path in the work dir; nothing is there yet. */
    path(label) {
        return (0,external_node_path_.join)(this.dir, `${++this.count}-${label}`);
    }
    /**
     * Removes the work dir and everything left in it, then the staging dir and the private dir
     * when nothing else is in them, so that an output dir holds only images once a run is done.
     */
    async close() {
        await (0,remove_tree/* removeTree */.d)(this.dir);
        const staging = (0,external_node_path_.dirname)(this.dir);
        for (const dir of [staging, (0,external_node_path_.dirname)(staging)]) {
            if (!(await (0,promises_.rmdir)(dir).then(() => true, () => false)))
                return;
        }
    }
}
/** Removes the work dirs of runs whose pid is no longer alive. */
async function sweepDead(staging) {
    const names = await (0,promises_.readdir)(staging).catch(() => []);
    for (const name of names) {
        const pid = Number(WORK_RE.exec(name)?.[1]);
        if (!Number.isSafeInteger(pid) || pid === process.pid || isAlive(pid))
            continue;
        // Garbage of ours that cannot go now (a file system turned read-only) waits for a later run.
        await (0,remove_tree/* removeTree */.d)((0,external_node_path_.join)(staging, name)).catch(() => undefined);
    }
}
/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
function isAlive(pid) {
    if (!Number.isSafeInteger(pid) || pid <= 0)
        return false;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
/**
 * Writes `text` to `target` (a file in `root` or below it) so that a reader sees the old file or
 * the new one, never half of one: written in a work dir of `root`'s store, then renamed. Nothing
 * is left behind when the write or the rename fails (say, a directory sits at `target`).
 */
async function writeFileAtomic(root, target, text) {
    const staging = await Staging.open((0,external_node_path_.join)(root, STORE_DIR));
    try {
        const tmp = staging.path('file');
        await (0,promises_.writeFile)(tmp, text, { flag: 'wx', mode: 0o644 });
        await (0,promises_.rename)(tmp, target);
    }
    finally {
        await staging.close();
    }
}

;// CONCATENATED MODULE: ./src/net/fetch-text.ts







/** A registry is a few KiB; anything past this is not a registry and is not read whole. */
const MAX_REGISTRY_BYTES = 8 * 1024 * 1024;
/** Reads a registry document from an http(s) or file URL, with retries for the network kind. */
async function fetchText(url, opts) {
    const max = opts.maxBytes ?? MAX_REGISTRY_BYTES;
    const u = new URL(url);
    if (u.protocol === 'file:')
        return { text: await readFileCapped((0,external_node_url_namespaceObject.fileURLToPath)(u), url, max), url };
    return withRetries(`registry ${url}`, opts.retry, opts.log, async () => {
        const res = await httpGet(url, { auth: opts.auth, stallMs: opts.stallMs, signal: opts.signal });
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > max) {
            res.body.destroy();
            throw new errors/* UserError */.yo(`registry ${url} is ${declared} bytes, over the ${max}-byte limit for a registry`);
        }
        const chunks = [];
        let size = 0;
        try {
            for await (const chunk of res.body) {
                size += chunk.length;
                if (size > max) {
                    res.body.destroy();
                    throw new errors/* UserError */.yo(`registry ${url} is over the ${max}-byte limit for a registry`);
                }
                chunks.push(chunk);
            }
        }
        catch (err) {
            if (err instanceof errors/* UserError */.yo)
                throw err;
            throw new NetworkError(`registry ${url}: ${err.message}`, { cause: err });
        }
        if (!Number.isNaN(declared) && size !== declared) {
            throw new NetworkError(`registry ${url}: connection closed after ${size} of ${declared} bytes`);
        }
        return {
            text: (await decodeBody(Buffer.concat(chunks), bodyEncoding(res.headers), url, max)).toString('utf8'),
            url: res.url,
        };
    });
}
/**
 * Reads a local registry, which must be a regular file. Opened without blocking, so a FIFO does
 * not wait for a writer, and checked on the open handle before a byte is read: a device such as
 * /dev/zero is refused, not read until the cap.
 */
async function readFileCapped(path, url, max) {
    let fh;
    try {
        fh = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NONBLOCK ?? 0));
    }
    catch (err) {
        throw new errors/* UserError */.yo(`registry ${url}: cannot read ${path}: ${err.code ?? err}`);
    }
    try {
        const st = await fh.stat();
        if (!st.isFile())
            throw new errors/* UserError */.yo(`registry ${url}: ${path} is not a regular file`);
        if (st.size > max)
            throw new errors/* UserError */.yo(`registry ${url} is ${st.size} bytes, over the ${max}-byte limit for a registry`);
        // At most one byte past the cap, in case the file grew since the stat.
        const chunks = [];
        let got = 0;
        for await (const chunk of fh.createReadStream({ start: 0, end: max, autoClose: false })) {
            chunks.push(chunk);
            got += chunk.length;
        }
        if (got > max)
            throw new errors/* UserError */.yo(`registry ${url} is over the ${max}-byte limit for a registry`);
        return Buffer.concat(chunks).toString('utf8');
    }
    finally {
        await fh.close();
    }
}
/**
 * A registry body as sent, decoded when the server encoded it although `identity` was asked for
 * (a registry is text, and HTTP says the encoding is the server's to undo for us). Capped like the
 * body itself, so a small compressed body cannot unpack to gigabytes. zlib is loaded only then:
 * every start would pay for it, and hardly any registry comes encoded.
 */
async function decodeBody(body, encoding, url, max) {
    if (!encoding)
        return body;
    const zlib = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 522, 23));
    const opts = { maxOutputLength: max };
    try {
        if (encoding === 'gzip' || encoding === 'x-gzip')
            return zlib.gunzipSync(body, opts);
        if (encoding === 'deflate')
            return zlib.inflateSync(body, opts);
        if (encoding === 'br')
            return zlib.brotliDecompressSync(body, opts);
    }
    catch (err) {
        throw new errors/* UserError */.yo(`registry ${url}: its body, sent with Content-Encoding: ${encoding}, could not be decoded (${err.message})`);
    }
    throw new errors/* UserError */.yo(`registry ${url} was sent with Content-Encoding: ${encoding}, which cannot be decoded here`);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

;// CONCATENATED MODULE: ./src/registry/lines.ts
/**
 * Finds line numbers for messages. smol-toml reports lines only for syntax errors, so the
 * n-th `[[images]]` header is located by scanning header lines (not by parsing TOML again).
 * Lines end at `\n` (a `\r` before it is not part of the line).
 */
class LineIndex {
    text;
    /** Split only when a field's line is asked for, which only a message does. */
    split;
    headers = new Map();
    fieldRes = new Map();
    constructor(text) {
        this.text = text;
        // Tried at the start of each line that holds `[[`; `[^\S\n]` keeps a match within its line.
        const header = /[^\S\n]*\[\[[^\S\n]*([A-Za-z0-9_-]+)[^\S\n]*\]\]/y;
        let next = text.indexOf('[[');
        for (let start = 0, line = 1; next >= 0; line++) {
            const newline = text.indexOf('\n', start);
            const end = newline < 0 ? text.length : newline;
            if (next < end) {
                header.lastIndex = start;
                const m = header.exec(text);
                if (m?.[1]) {
                    const list = this.headers.get(m[1]) ?? [];
                    list.push(line);
                    this.headers.set(m[1], list);
                }
                next = text.indexOf('[[', end);
            }
            if (newline < 0)
                break;
            start = newline + 1;
        }
    }
    /** The 1-based line of the `index`-th `[[table]]` header. */
    nth(table, index) {
        return this.headers.get(table)?.[index];
    }
    /** The 1-based line of `field = \u2026` in the `index`-th `[[table]]`. */
    fieldLine(table, index, field) {
        const start = this.nth(table, index);
        if (start === undefined)
            return undefined;
        const lines = (this.split ??= this.text.split(/\r?\n/));
        let re = this.fieldRes.get(field);
        if (!re)
            this.fieldRes.set(field, (re = new RegExp(`^\\s*${field}\\s*=`)));
        for (let i = start; i < lines.length; i++) {
            const l = lines[i];
            if (/^\s*\[/.test(l))
                break;
            if (re.test(l))
                return i + 1;
        }
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/registry/rust-compat.ts


/*
 * How the Rust tool (axbuild's `src/axvisor/image/registry.rs`) reads a registry document: serde
 * derives `ImageEntry { name, version, released_at: Option<DateTime<Utc>>, description, sha256,
 * arch, url }` (all but released_at required strings) and `IncludeEntry { url }`, and toml's
 * deserializer fails the whole document on the first entry that does not fit. The messages below
 * are serde's, chrono's and reqwest's, so a registry maintainer can match them to what
 * `cargo xtask image sync` prints.
 */
/** The fields serde requires, in declaration order: it names the first one missing. */
const REQUIRED = ['name', 'version', 'description', 'sha256', 'arch', 'url'];
const STRING_FIELDS = new Set(REQUIRED);
/** chrono's `expecting` text for a `DateTime`. */
const EXPECTING_DATE = 'an RFC 3339 formatted date and time string';
/** serde's `Unexpected` text for a TOML value (toml hands a datetime over as a map). */
function serdeUnexpected(v) {
    if (typeof v === 'bigint')
        return `integer \`${v}\``;
    if (typeof v === 'number') {
        if (Number.isInteger(v))
            return `integer \`${v}\``;
        return `floating point \`${v}\``;
    }
    if (typeof v === 'boolean')
        return `boolean \`${v}\``;
    if (typeof v === 'string')
        return `string ${JSON.stringify(v)}`;
    if (Array.isArray(v))
        return 'sequence';
    return 'map';
}
/**
 * One `[[images]]` element as the Rust tool's serde parse takes it: the fields it would keep, or
 * the finding that fails the document (only the first, as serde stops there); plus what would
 * fail a pull of that image even though the document is read.
 */
function rustEntry(item, lines, index, 
/** `released_at` as `parseInstant` reads it: undefined unless it is a string that names an instant. */
released) {
    const header = lines.nth('images', index);
    if (typeof item !== 'object' || item === null || Array.isArray(item) || item instanceof TomlDate) {
        return {
            findings: [
                {
                    kind: 'parse',
                    line: header,
                    message: `invalid type: ${serdeUnexpected(item)}, expected struct ImageEntry`,
                },
            ],
        };
    }
    const table = item;
    const at = (field) => lines.fieldLine('images', index, field) ?? header;
    // serde visits the keys in document order and stops at the first value of the wrong type.
    let releasedText;
    for (const [key, value] of Object.entries(table)) {
        if (STRING_FIELDS.has(key) && typeof value !== 'string') {
            const message = `invalid type: ${serdeUnexpected(value)}, expected a string`;
            return { findings: [{ kind: 'parse', line: at(key), message }] };
        }
        if (key === 'released_at') {
            const instant = typeof value === 'string' ? released : undefined;
            if (!instant)
                return { findings: [{ kind: 'parse', line: at(key), message: releasedProblem(value) }] };
            releasedText = chronoText(instant);
        }
    }
    const missing = REQUIRED.find((f) => table[f] === undefined);
    if (missing) {
        return { findings: [{ kind: 'parse', line: header, message: `missing field \`${missing}\`` }] };
    }
    const s = table;
    const fields = {
        name: s.name,
        version: s.version,
        ...(releasedText === undefined ? {} : { released_at: releasedText }),
        description: s.description,
        sha256: s.sha256,
        arch: s.arch,
        url: s.url,
    };
    const findings = [];
    if (!/^[0-9a-f]{64}$/.test(s.sha256)) {
        findings.push({
            kind: 'pull',
            line: at('sha256'),
            image: `${s.name}:${s.version}`,
            message: `sha256 "${s.sha256}" is not the 64 lowercase hex digits its check compares with: "downloaded image checksum mismatch"`,
        });
    }
    const urlProblem = fetchProblem(s.url);
    if (urlProblem) {
        findings.push({
            kind: 'pull',
            line: at('url'),
            image: `${s.name}:${s.version}`,
            message: `url "${s.url}": ${urlProblem}`,
        });
    }
    return { fields, findings };
}
/** What an `[[includes]]` URL does to the Rust tool's sync, when it is not one it can fetch. */
function rustInclude(ref, line) {
    const problem = fetchProblem(ref);
    return problem ? { kind: 'include', line, ref, message: `include url "${ref}": ${problem}` } : undefined;
}
/**
 * Why reqwest cannot fetch `ref` as written (its words): the Rust tool resolves no URL against
 * the registry that names it, and fetches only http(s).
 */
function fetchProblem(ref) {
    let u;
    try {
        u = new URL(ref);
    }
    catch {
        return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref.trim())
            ? 'not a URL it can parse'
            : 'relative URL without a base';
    }
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'URL scheme is not allowed';
}
/** What chrono says about a `released_at` value it does not read. */
function releasedProblem(v) {
    if (typeof v !== 'string')
        return `invalid type: ${serdeUnexpected(v)}, expected ${EXPECTING_DATE}`;
    return `released_at ${JSON.stringify(v)} is not an RFC 3339 date-time with an offset, all that chrono (which reads it there) is sure to take`;
}

;// CONCATENATED MODULE: ./src/registry/parse.ts






const SHA256_RE = /^[0-9a-f]{64}$/;
/**
 * Parses and validates one registry document. TOML syntax errors and a wrong top-level shape fail
 * the whole document (the message names the URL and line); a single bad `[[images]]` entry is
 * dropped into `invalid` so one typo upstream does not break every other image, and an include
 * a remote document may not name goes into `refusedIncludes`. What the Rust tool would make of
 * the same text goes into `rustFindings`.
 */
function parseRegistry(text, url, opts = {}) {
    let doc;
    try {
        doc = parse(text);
    }
    catch (err) {
        if (err instanceof TomlError) {
            const first = err.message.split('\n')[0] ?? err.message;
            throw new errors/* UserError */.yo(`registry ${url}, line ${err.line}, column ${err.column}: ${first}`);
        }
        throw new errors/* UserError */.yo(`registry ${url}: ${String(err)}`);
    }
    const lines = new LineIndex(text);
    const remote = opts.remote ?? false;
    const refusedIncludes = [];
    const rustFindings = [];
    const { includes, includeRefs } = parseIncludes(doc.includes, url, lines, remote, refusedIncludes, rustFindings);
    const images = [];
    const invalid = [];
    const items = [];
    const raw = doc.images;
    if (raw !== undefined && !Array.isArray(raw)) {
        throw new errors/* UserError */.yo(`registry ${url}: 'images' must be an array of tables ([[images]])`);
    }
    let rustParsed = true;
    (raw ?? []).forEach((item, i) => {
        const line = lines.nth('images', i);
        const where = line ? `${url}:${line}` : url;
        // Read once: serde's view, the order and the entry each need the same instant.
        const instant = isTable(item) ? stringInstant(item.released_at) : undefined;
        const rust = rustEntry(item, lines, i, instant);
        // serde stops at the first entry that does not fit: later ones say nothing more to it.
        if (rustParsed)
            rustFindings.push(...rust.findings);
        if (rust.findings.some((f) => f.kind === 'parse'))
            rustParsed = false;
        let entry;
        let problem;
        try {
            entry = validateEntry(item, url, where, lines, i, remote, instant);
            images.push(entry);
        }
        catch (err) {
            problem = err.message;
            const name = isTable(item) && typeof item.name === 'string' ? item.name : undefined;
            invalid.push({ name, where, problem });
        }
        if (isTable(item) && typeof item.name === 'string' && typeof item.version === 'string') {
            items.push({
                name: item.name,
                version: item.version,
                where,
                released: releasedOf(item.released_at, instant),
                ...(entry ? { entry } : { problem }),
                identity: entry
                    ? `${entry.sha256}\u0000${entry.url}`
                    : JSON.stringify([item.sha256 ?? null, item.url ?? null]),
                ...(rust.fields ? { rust: rust.fields } : {}),
            });
        }
    });
    return { url, includes, includeRefs, refusedIncludes, images, invalid, items, rustFindings };
}
/** A `released_at` string read as an RFC 3339 instant; undefined for anything else. */
function stringInstant(v) {
    return typeof v === 'string' ? parseInstant(v) : undefined;
}
/** `released_at` for ordering: absent, an instant, or a value that names none. */
function releasedOf(v, instant) {
    if (v === undefined)
        return undefined;
    if (v instanceof TomlDate)
        return v.isDateTime() && !v.isLocal() ? instantOfTomlDate(v) : 'unreadable';
    return instant ?? 'unreadable';
}
function parseIncludes(raw, url, lines, remote, refused, rustFindings) {
    if (raw === undefined)
        return { includes: [], includeRefs: [] };
    if (!Array.isArray(raw)) {
        throw new errors/* UserError */.yo(`registry ${url}: 'includes' must be an array of tables ([[includes]])`);
    }
    const includes = [];
    const includeRefs = [];
    raw.forEach((item, i) => {
        const line = lines.nth('includes', i);
        const where = line ? `${url}:${line}` : url;
        if (!isTable(item) || typeof item.url !== 'string' || item.url.trim() === '') {
            throw new errors/* UserError */.yo(`registry ${where}: [[includes]] entry needs a string 'url'`);
        }
        const finding = rustInclude(item.url, lines.fieldLine('includes', i, 'url') ?? line);
        if (finding)
            rustFindings.push(finding);
        const ref = item.url.trim();
        const resolved = resolveUrl(ref, url, where);
        const problem = remote ? localUrlProblem(resolved, ref, where) : undefined;
        if (problem) {
            refused.push({ url: ref, error: problem });
            includeRefs.push({ ref: item.url });
        }
        else {
            includes.push(resolved);
            includeRefs.push({ ref: item.url, resolved });
        }
    });
    return { includes, includeRefs };
}
function validateEntry(item, registryUrl, where, lines, index, remote, instant) {
    if (!isTable(item))
        throw new Error('[[images]] entry is not a table');
    // Looked up only for a message: scanning for a field's line costs more than checking the field.
    const fieldWhere = (field) => {
        const line = lines.fieldLine('images', index, field);
        return line ? `${registryUrl}:${line}` : where;
    };
    const str = (field, required = true) => {
        const v = item[field];
        if (v === undefined) {
            if (required)
                throw new Error(`missing field '${field}' in [[images]] at ${where}`);
            return undefined;
        }
        if (typeof v !== 'string') {
            throw new Error(`field '${field}' at ${fieldWhere(field)} must be a string, found ${typeName(v)}`);
        }
        return v;
    };
    const name = str('name');
    if (!NAME_RE.test(name))
        throw new Error(`field 'name' at ${fieldWhere('name')} is not a valid name: '${name}'`);
    const version = str('version');
    if (!VERSION_RE.test(version)) {
        throw new Error(`field 'version' at ${fieldWhere('version')} is not a valid version: '${version}'`);
    }
    if (baseTooLong(name, version) !== undefined) {
        throw new Error(`fields 'name' and 'version' at ${fieldWhere('name')} are too long: together they may have at most ${MAX_BASE_LENGTH} characters`);
    }
    const sha256 = str('sha256').trim();
    if (!SHA256_RE.test(sha256.toLowerCase())) {
        throw new Error(`field 'sha256' at ${fieldWhere('sha256')} must be 64 hex digits, found '${sha256}'`);
    }
    const arch = str('arch');
    if (!NAME_RE.test(arch))
        throw new Error(`field 'arch' at ${fieldWhere('arch')} is not a valid arch: '${arch}'`);
    const description = str('description', false) ?? '';
    const ref = str('url').trim();
    const url = resolveUrl(ref, registryUrl, () => fieldWhere('url'));
    const problem = remote ? localUrlProblem(url, ref, () => fieldWhere('url')) : undefined;
    if (problem)
        throw new Error(problem);
    const releasedAt = parseReleasedAt(item.released_at, instant, () => fieldWhere('released_at'));
    const entry = {
        name,
        version,
        description,
        sha256: sha256.toLowerCase(),
        arch,
        url,
        source: where,
    };
    if (releasedAt !== undefined)
        entry.releasedAt = releasedAt;
    return entry;
}
function parseReleasedAt(v, instant, where) {
    if (v === undefined)
        return undefined;
    if (v instanceof TomlDate) {
        // A TOML local date or local date-time has no offset, so it names no instant.
        if (!v.isDateTime() || v.isLocal()) {
            throw new Error(`field 'released_at' at ${where()} must be a date-time with an offset (RFC 3339)`);
        }
        return v.toISOString();
    }
    if (instant)
        return isoOfInstant(instant);
    throw new Error(`field 'released_at' at ${where()} must be an RFC 3339 date-time such as "2026-04-03T01:28:26Z", found ${JSON.stringify(v)}`);
}
/**
 * Resolves an include or image URL against the registry that names it, so registries can use
 * relative paths. Only http(s) and file URLs are accepted.
 */
function resolveUrl(ref, base, where) {
    const at = () => (typeof where === 'string' ? where : where());
    let u;
    try {
        u = new URL(ref, base);
    }
    catch {
        throw new errors/* UserError */.yo(`registry ${at()}: '${ref}' is not a valid URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') {
        throw new errors/* UserError */.yo(`registry ${at()}: URL '${ref}' must be http(s) or file, not ${u.protocol}`);
    }
    return u.href;
}
/**
 * Why a document read over http(s) may not name this URL, if it may not. Decided from the URL
 * alone, so the answer says nothing about the file system: whether the path exists is not asked.
 */
function localUrlProblem(resolved, ref, where) {
    if (resolved.startsWith('http:') || resolved.startsWith('https:'))
        return undefined;
    return `registry ${typeof where === 'string' ? where : where()}: refusing URL '${ref}': a registry read over http(s) may name only http(s) URLs, not local files`;
}
function isTable(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
function typeName(v) {
    if (Array.isArray(v))
        return 'an array';
    if (v instanceof Date)
        return 'a date-time';
    if (v === null)
        return 'null';
    return typeof v === 'object' ? 'a table' : `a ${typeof v}`;
}

;// CONCATENATED MODULE: ./src/registry/reader.ts




/**
 * Registry documents read per load, at most. The published tree has a handful; a registry that
 * generates new include URLs without end (by mistake or on purpose) is cut off here, and the
 * documents past the limit count as failed includes.
 */
const MAX_REGISTRY_DOCUMENTS = 256;
/** One document parsed, with the URL that answered and its text; what failed, as an Error. */
function parseDoc(text, url, answered) {
    try {
        // Only a document read from the file system may name local files: one the user named, or
        // one such a document included (a document read over http(s) can name no file).
        const remote = new URL(answered).protocol !== 'file:';
        return { ...parseRegistry(text, url, { remote }), answered, text };
    }
    catch (err) {
        return err instanceof Error ? err : new Error(String(err));
    }
}
/** Reads registry documents over the network or the file system, each URL once, concurrently. */
class NetworkReader {
    opts;
    hosts = new Set();
    seen = new Map();
    done = new Map();
    /** Fetches started on a hint, before a document read now names them (include-hints.ts). */
    early = new Map();
    unused = new AbortController();
    constructor(opts) {
        this.opts = opts;
    }
    /**
     * Starts reading `urls` ahead, each once, quietly, without a token and without retries: what
     * fails here is read again the usual way if a document names it.
     */
    prefetch(urls) {
        for (const url of urls) {
            if (this.seen.has(url) || this.early.has(url) || this.early.size >= MAX_REGISTRY_DOCUMENTS)
                continue;
            const got = fetchText(url, {
                retry: NO_RETRY,
                log: SILENT,
                stallMs: this.opts.stallMs,
                signal: this.unused.signal,
            });
            this.early.set(url, got.catch(() => undefined));
        }
    }
    /** Gives up the reads started ahead that no document named, so none keeps the process alive. */
    dropUnused() {
        this.unused.abort();
    }
    lookup(url) {
        return this.done.get(url);
    }
    /** Reads `urls` and everything they include, each as soon as it is known. */
    async discover(urls) {
        const visit = async (url) => {
            const doc = await this.fetchOnce(url);
            this.done.set(url, doc);
            if (doc instanceof Error)
                return;
            await Promise.all(doc.includes.filter((inc) => !this.seen.has(inc)).map(visit));
        };
        await Promise.all(urls.filter((u) => !this.seen.has(u)).map(visit));
    }
    fetchOnce(url) {
        let p = this.seen.get(url);
        if (!p && this.seen.size >= MAX_REGISTRY_DOCUMENTS) {
            p = Promise.resolve(new errors/* UserError */.yo(`not read: more than ${MAX_REGISTRY_DOCUMENTS} registry documents are included`));
            this.seen.set(url, p);
        }
        if (!p) {
            const { opts } = this;
            hostOf(url, this.hosts);
            if (isPlainHttp(url)) {
                // Unlike an image URL, a registry is not guarded by a digest: it is where the digests
                // come from.
                opts.log.warn(`registry ${url} is plain http: whoever can alter the traffic can change the digests it lists, and so the images; use https`);
            }
            const auth = opts.token ? { token: opts.token, hosts: this.hosts } : undefined;
            const early = this.early.get(url);
            const read = () => fetchText(url, { retry: opts.retry, log: opts.log, auth, stallMs: opts.stallMs });
            p = (early ? early.then((got) => got ?? read()) : read())
                .then(({ text, url: answered }) => parseDoc(text, url, answered))
                .catch((err) => (err instanceof Error ? err : new Error(String(err))));
            this.seen.set(url, p);
        }
        return p;
    }
}
const SILENT = {
    info: () => undefined,
    warn: () => undefined,
    debug: () => undefined,
    group: (_title, fn) => fn(),
};
/** http to another machine; loopback traffic never leaves this one, so it has no path to alter. */
function isPlainHttp(url) {
    const u = new URL(url);
    if (u.protocol !== 'http:')
        return false;
    const h = u.hostname;
    return !(h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h));
}
function hostOf(url, into) {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:')
        into.add(u.host);
}

;// CONCATENATED MODULE: ./src/registry/snapshot.ts












const FORMAT = 1;
/** Generous: the published registry is some 50 KiB; a file past this is not one of ours. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;
const MAX_DOCUMENTS = 256;
/** Where the snapshot for `input` lives in `root` (an output dir). */
function snapshotPath(root, input) {
    return (0,external_node_path_.join)(root, STORE_DIR, REGISTRY_SNAPSHOTS_DIR, `${snapshotKey(input)}.toml`);
}
/** What names a registry input's records in the store: the SHA-256 of its key text. */
function snapshotKey(input) {
    return (0,external_node_crypto_.createHash)('sha256').update(keyText(input)).digest('hex');
}
/** The text two records of the same registry input agree on. */
function keyText(input) {
    return JSON.stringify({ registries: input.registries, fallback: input.fallback ?? null });
}
const HEADER = '# The registry documents axvisor-image last read in full for the registry input below;\n' +
    '# read back only for that input, when no registry can be fetched.\n\n';
/**
 * Saves the documents read for `input`, replacing the last snapshot for it in one rename. When
 * the snapshot there already holds exactly these documents it is left as it is (its `saved_at`
 * then says since when they have been the same), so a repeat run writes nothing.
 */
async function writeSnapshot(root, input, documents, now = Date.now()) {
    await (0,promises_.mkdir)(root, { recursive: true });
    await privateDir((0,external_node_path_.join)(await storeDir(root), REGISTRY_SNAPSHOTS_DIR));
    const path = snapshotPath(root, input);
    const body = stringify({
        format: FORMAT,
        registries: input.registries,
        ...(input.fallback ? { fallback: input.fallback } : {}),
        documents: documents.map((d) => ({ url: d.url, answered: d.answered, text: d.text })),
    });
    if (await holds(path, body))
        return path;
    await writeFileAtomic(root, path, `${HEADER}saved_at = ${Math.floor(now / 1000)}\n${body}\n`);
    return path;
}
/** Whether the file at `path` is ours and is `body` as `writeSnapshot` writes it, whatever its `saved_at`. */
async function holds(path, body) {
    // The bytes of the header, a `saved_at` line of at most 32 and the body, at most.
    const limit = Buffer.byteLength(HEADER) + Buffer.byteLength(body) + 34;
    const { text } = await readOwnFile(path, currentUid(), limit);
    if (text === undefined || !text.startsWith(HEADER) || !text.endsWith(`\n${body}\n`))
        return false;
    return /^saved_at = \d{1,20}$/.test(text.slice(HEADER.length, text.length - body.length - 2));
}
/**
 * The snapshot for `input` in `root`, or undefined: absent, not this user's private file, or not
 * what this tool writes (any shape, size or bytes), each with a debug line; never an exception.
 */
async function readSnapshot(root, input, log) {
    const path = snapshotPath(root, input);
    const absent = (why) => {
        log.debug(`no usable registry snapshot at ${path}: ${why}`);
        return undefined;
    };
    try {
        const dirProblem = await snapshotDirProblem(root);
        if (dirProblem)
            return absent(dirProblem);
        if (!(await isTrustedFile(path))) {
            const exists = await (0,promises_.lstat)(path).then(() => true, () => false);
            if (exists)
                log.warn(`${path} is not this user's own file, or others can write it; not using it`);
            return absent(exists ? 'not trusted' : 'there is none');
        }
        const { text } = await fetchText((0,external_node_url_namespaceObject.pathToFileURL)(path).href, {
            retry: NO_RETRY,
            log,
            maxBytes: MAX_SNAPSHOT_BYTES,
        });
        const why = { value: '' };
        const snap = validate(parse(text), input, why);
        return snap ? { path, ...snap } : absent(why.value);
    }
    catch (err) {
        return absent((0,errors/* errorMessage */.gJ)(err));
    }
}
/**
 * Why the store's registries dir in `root` may not be read from, or undefined when it may: it
 * and the store dir must be this user's and closed to others.
 */
async function snapshotDirProblem(root) {
    for (const dir of [(0,external_node_path_.join)(root, STORE_DIR), (0,external_node_path_.join)(root, STORE_DIR, REGISTRY_SNAPSHOTS_DIR)]) {
        const st = await (0,promises_.lstat)(dir).catch(() => undefined);
        if (!st)
            return 'there is none';
        const problem = trustProblem(st, currentUid(), 'directory') ??
            ((st.mode & 0o077) !== 0 ? 'is open to other users' : undefined);
        if (problem)
            return `${dir} ${problem}`;
    }
    return undefined;
}
function validate(raw, input, why) {
    const fail = (reason) => {
        why.value = reason;
        return undefined;
    };
    if (!snapshot_isTable(raw))
        return fail('not a table');
    if (raw.format !== FORMAT)
        return fail(`format ${String(raw.format)}, not ${FORMAT}`);
    if (!Array.isArray(raw.registries) || !raw.registries.every((r) => typeof r === 'string')) {
        return fail('registries is not a list of URLs');
    }
    if (raw.fallback !== undefined && typeof raw.fallback !== 'string')
        return fail('fallback is not a URL');
    const made = { registries: raw.registries, fallback: raw.fallback };
    if (keyText(made) !== keyText(input))
        return fail('made for another registry input');
    const savedAt = typeof raw.saved_at === 'number' && Number.isSafeInteger(raw.saved_at) ? raw.saved_at : undefined;
    const list = raw.documents;
    if (!Array.isArray(list) || list.length > MAX_DOCUMENTS)
        return fail('documents is not a list of at most 256');
    const documents = new Map();
    for (const d of list) {
        if (!snapshot_isTable(d) ||
            typeof d.url !== 'string' ||
            typeof d.answered !== 'string' ||
            typeof d.text !== 'string') {
            return fail('a document is not a table of url, answered and text');
        }
        if (!isRegistryUrl(d.url) || !isRegistryUrl(d.answered))
            return fail(`a document URL is not one: ${d.url}`);
        if (Buffer.byteLength(d.text) > MAX_REGISTRY_BYTES)
            return fail(`document ${d.url} is over the size limit`);
        if (documents.has(d.url))
            return fail(`document ${d.url} is listed twice`);
        documents.set(d.url, { url: d.url, answered: d.answered, text: d.text });
    }
    return { savedAt, documents };
}
function isRegistryUrl(s) {
    try {
        const u = new URL(s);
        return u.href === s && ['http:', 'https:', 'file:'].includes(u.protocol);
    }
    catch {
        return false;
    }
}
function snapshot_isTable(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

;// CONCATENATED MODULE: ./src/registry/include-hints.ts








/*
 * The documents a registry input's includes led to at its last complete load, kept beside its
 * snapshot (`<key>.includes.json`). The next load of the same input asks for them while its
 * first document is on its way, so a runner that keeps its output dir waits one round trip for
 * the registry instead of two. A hint and nothing more: read back as untrusted data, limited to
 * the origins the input itself names, fetched without a token, and a document it names is used
 * only once a document read now includes it.
 */
const include_hints_FORMAT = 1;
/** Far more than 256 URLs take; a file past this is not one of ours. */
const MAX_HINTS_BYTES = 512 * 1024;
function includeHintsPath(root, input) {
    return (0,external_node_path_.join)(root, STORE_DIR, REGISTRY_SNAPSHOTS_DIR, `${snapshotKey(input)}.includes.json`);
}
function hintsText(input, urls) {
    const made = { registries: input.registries, fallback: input.fallback };
    return `${JSON.stringify({ format: include_hints_FORMAT, ...made, includes: urls })}\n`;
}
/** The input's own registry URLs: the registries and the fallback. */
function ownUrls(input) {
    return input.fallback ? [...input.registries, input.fallback] : input.registries;
}
/** The URLs the last complete load of `input` read besides the input's own, or none. */
async function readIncludeHints(root, input) {
    try {
        if (await snapshotDirProblem(root))
            return [];
        const { text } = await readOwnFile(includeHintsPath(root, input), currentUid(), MAX_HINTS_BYTES);
        return text === undefined ? [] : include_hints_validate(JSON.parse(text), input);
    }
    catch {
        return [];
    }
}
function include_hints_validate(raw, input) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        return [];
    const r = raw;
    if (r.format !== include_hints_FORMAT || !Array.isArray(r.includes) || r.includes.length > MAX_REGISTRY_DOCUMENTS) {
        return [];
    }
    const made = { registries: r.registries, fallback: r.fallback };
    if (keyText(made) !== keyText(input))
        return [];
    const origins = new Set(ownUrls(input).flatMap((u) => {
        const o = webOrigin(u);
        return o ? [o] : [];
    }));
    return r.includes.filter((u) => typeof u === 'string' && origins.has(webOrigin(u) ?? '') && new URL(u).href === u);
}
/** The origin of an http(s) URL; undefined for any other string. */
function webOrigin(s) {
    try {
        const u = new URL(s);
        return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Keeps the URLs a complete load of `input` read besides the input's own; a repeat run that
 * read the same ones writes nothing.
 */
async function writeIncludeHints(root, input, urls) {
    const own = new Set(ownUrls(input));
    const text = hintsText(input, 
    // Sorted: documents arrive in any order, and the same set must read the same.
    [...new Set(urls)]
        .filter((u) => !own.has(u) && webOrigin(u) !== undefined)
        .sort()
        .slice(0, MAX_REGISTRY_DOCUMENTS));
    const path = includeHintsPath(root, input);
    const kept = await readOwnFile(path, currentUid(), Buffer.byteLength(text));
    if (kept.text === text)
        return;
    await (0,promises_.mkdir)(root, { recursive: true });
    await privateDir((0,external_node_path_.join)(await storeDir(root), REGISTRY_SNAPSHOTS_DIR));
    await writeFileAtomic(root, path, text);
}

;// CONCATENATED MODULE: ./src/registry/bootstrap.ts
/*
 * The Rust tool's bootstrap (axbuild `src/axvisor/image/registry.rs`, `resolve_bootstrap_source`
 * with `preferred_include` and `parse_registry_version`, 0.4.3 and later): a registry with
 * includes is read from one of them only, the highest `vX.Y.Z.toml` by file name, else the last.
 */
const U64_MAX = (1n << 64n) - 1n;
/**
 * The version a registry file name carries: the text after the last `/` must be `v` + three
 * dot-separated `u64`s + `.toml` (Rust's `u64` parse takes an optional `+`); else undefined.
 */
function registryFileVersion(url) {
    const fileName = url.slice(url.lastIndexOf('/') + 1);
    if (!fileName.startsWith('v') || !fileName.slice(1).endsWith('.toml'))
        return undefined;
    const parts = fileName.slice(1, -'.toml'.length).split('.');
    if (parts.length !== 3)
        return undefined;
    const numbers = parts.map((p) => (/^\+?\d+$/.test(p) ? BigInt(p) : undefined));
    if (numbers.some((n) => n === undefined || n > U64_MAX))
        return undefined;
    return numbers;
}
/** The index of the include the Rust tool bootstraps from: the first of the highest version, else the last. */
function preferredInclude(refs) {
    let best;
    refs.forEach((ref, index) => {
        const version = registryFileVersion(ref);
        if (version && (!best || greater(version, best.version)))
            best = { index, version };
    });
    if (best)
        return best.index;
    return refs.length > 0 ? refs.length - 1 : undefined;
}
function greater(a, b) {
    for (let i = 0; i < 3; i++)
        if (a[i] !== b[i])
            return a[i] > b[i];
    return false;
}

;// CONCATENATED MODULE: ./src/registry/merge.ts

/**
 * Merges entries by (name, version) as the Rust tool does: the first seen wins, the rest are
 * dropped, and the result is in its `(name, version)` text order. Unlike the Rust tool, which
 * drops them silently, a dropped entry with another digest or URL is returned as a conflict.
 */
function mergeItems(lists) {
    const byKey = new Map();
    const conflicts = [];
    for (const list of lists) {
        for (const item of list) {
            const key = `${item.name}\u0000${item.version}`;
            const kept = byKey.get(key);
            if (!kept)
                byKey.set(key, item);
            else if (kept.identity !== item.identity)
                conflicts.push({ kept, dropped: item });
        }
    }
    return { items: [...byKey.values()].sort(compareRustKey), conflicts };
}

;// CONCATENATED MODULE: ./src/registry/views.ts



/**
 * The Rust tool's view. From a registry (`start.role` 'registry'): with includes, only the one
 * `preferred_include` picks, and not the registry's own images; without, the registry itself.
 * From a fallback: the fallback itself, as the Rust tool takes it.
 */
function rustView(lookup, start) {
    const root = lookup(start.url);
    if (!(root && !(root instanceof Error))) {
        const error = root ? (0,errors/* errorMessage */.gJ)(root) : 'not read';
        return {
            docs: [],
            unread: [{ url: start.url, error }],
            items: [],
            syncProblem: `${start.url}: ${error}`,
        };
    }
    let source = {
        url: start.url,
        role: start.role === 'fallback' ? 'fallback registry' : 'registry',
    };
    let chosenRef;
    if (start.role === 'registry') {
        const index = preferredInclude(root.includeRefs.map((r) => r.ref));
        const chosen = index === undefined ? undefined : root.includeRefs[index];
        if (chosen) {
            chosenRef = chosen.ref;
            source = { url: chosen.resolved ?? chosen.ref.trim(), role: 'included registry' };
            const refused = chosen.resolved ? undefined : root.refusedIncludes.find((r) => r.url === source.url);
            if (refused)
                return { source, docs: [], unread: [refused], items: [], syncProblem: refused.error };
        }
    }
    const { docs, unread } = breadthFirst(lookup, [source.url], new Set());
    return {
        source,
        docs,
        unread,
        items: mergeItems(docs.map((d) => d.items)).items,
        syncProblem: syncProblem(root, chosenRef, docs, unread),
    };
}
/** Every document read: the Rust tool's view first, so its entries win every (name, version) they have. */
function widerView(lookup, rust, roots) {
    const seen = new Set(rust.docs.map((d) => d.url));
    const rest = breadthFirst(lookup, roots, seen).docs;
    const docs = [...rust.docs, ...rest];
    return { docs, ...mergeItems(docs.map((d) => d.items)) };
}
/** Breadth-first from `starts`, each URL once: the order the Rust tool's `fetch_with_includes` reads in. */
function breadthFirst(lookup, starts, seen) {
    const docs = [];
    const unread = [];
    const queue = [...starts];
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        if (seen.has(url))
            continue;
        seen.add(url);
        const doc = lookup(url);
        if (doc === undefined || doc instanceof Error) {
            unread.push({ url, error: doc ? (0,errors/* errorMessage */.gJ)(doc) : 'not read' });
            continue;
        }
        docs.push(doc);
        unread.push(...doc.refusedIncludes);
        queue.push(...doc.includes);
    }
    return { docs, unread };
}
/**
 * Why `cargo xtask image sync` from the same registry would fail, if it would: it parses the
 * registry and every document it reaches strictly, and fetches each include as written.
 */
function syncProblem(root, chosenRef, docs, unread) {
    const rejects = (doc, kinds, ref) => {
        const f = doc.rustFindings.find((x) => kinds.includes(x.kind) && (ref === undefined || x.ref === ref));
        return f ? `it rejects ${doc.url}${f.line ? `, line ${f.line}` : ''}: ${f.message}` : undefined;
    };
    const protocol = new URL(root.url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:')
        return `it fetches only http(s), not ${root.url}`;
    const problem = rejects(root, ['parse']) ??
        (chosenRef === undefined ? undefined : rejects(root, ['include'], chosenRef)) ??
        docs.map((d) => rejects(d, ['parse', 'include'])).find(Boolean);
    if (problem)
        return problem;
    const missing = unread[0];
    return missing ? `${missing.url} could not be read: ${missing.error}` : undefined;
}

;// CONCATENATED MODULE: ./src/registry/load.ts








/** Turns a registry input (URL, file URL or path) into a URL. */
function toRegistryUrl(ref, input = 'registry') {
    const s = ref.trim();
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s)) {
        const u = new URL(s);
        if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') {
            throw new errors/* UserError */.yo(`'${s}' must be an http(s) URL, a file:// URL or a path`, { setting: input });
        }
        return u.href;
    }
    return (0,external_node_url_namespaceObject.pathToFileURL)((0,external_node_path_.isAbsolute)(s) ? s : (0,external_node_path_.resolve)(s)).href;
}
/**
 * Loads the registries: every `registries` URL with its includes, fetched concurrently and each
 * once; the fallback in place of the first registry when that one cannot be read, as the Rust
 * tool takes its fallback; and, when no source at all can be read, the last good snapshot of
 * this same input. Errors name every source that failed.
 */
async function loadRegistry(opts) {
    const roots = opts.registries.map((r) => toRegistryUrl(r, 'registry'));
    const fallback = opts.fallback ? toRegistryUrl(opts.fallback, 'fallback-registry') : undefined;
    const input = { registries: roots, ...(fallback ? { fallback } : {}) };
    const reader = new NetworkReader(opts);
    try {
        return await loadFrom(reader, roots, fallback, input, opts);
    }
    finally {
        reader.dropUnused();
    }
}
async function loadFrom(reader, roots, fallback, input, opts) {
    const discovering = reader.discover(roots);
    // While the first documents are on their way: what they included last time.
    if (opts.hintRoot)
        reader.prefetch(await readIncludeHints(opts.hintRoot, input));
    await discovering;
    const first = roots[0];
    let start = { url: first, role: 'registry' };
    let kind = 'registry';
    const failures = roots.flatMap((r) => {
        const d = reader.lookup(r);
        return d instanceof Error ? [`${r}: ${(0,errors/* errorMessage */.gJ)(d)}`] : [];
    });
    const firstDoc = reader.lookup(first);
    if (firstDoc instanceof Error && fallback) {
        opts.log.warn(`registry ${first} could not be read (${(0,errors/* errorMessage */.gJ)(firstDoc)}); using the fallback registry ${fallback} in its place, as the Rust tool does`);
        await reader.discover([fallback]);
        const fb = reader.lookup(fallback);
        if (fb instanceof Error)
            failures.push(`${fallback}: ${(0,errors/* errorMessage */.gJ)(fb)}`);
        else {
            start = { url: fallback, role: 'fallback' };
            kind = 'fallback';
        }
    }
    const sources = kind === 'fallback' ? [fallback, ...roots.slice(1)] : roots;
    const answered = sources.flatMap((r) => {
        const d = reader.lookup(r);
        return d && !(d instanceof Error) ? [d.answered] : [];
    });
    if (answered.length === 0) {
        if (opts.snapshotRoot) {
            const snap = await readSnapshot(opts.snapshotRoot, input, opts.log);
            if (snap) {
                const when = snap.savedAt ? ` on ${new Date(snap.savedAt * 1000).toISOString()}` : '';
                opts.log.warn(`every registry failed (${failures.join('; ')}); using the last good registry documents saved${when} for this same registry input at ${snap.path}`);
                return registryOfDocuments(snap.documents, input, opts.log, {
                    kind: 'snapshot',
                    roots: [(0,external_node_url_namespaceObject.pathToFileURL)(snap.path).href],
                });
            }
        }
        throw new errors/* UserError */.yo(`no image registry could be read: ${failures.join('; ')}`);
    }
    const unreadRoots = roots
        .filter((r) => r !== first || kind !== 'fallback')
        .filter((r) => reader.lookup(r) instanceof Error);
    if (unreadRoots.length > 0) {
        opts.log.warn(`some registries could not be read: ${failures.filter((f) => unreadRoots.some((r) => f.startsWith(`${r}: `))).join('; ')}`);
    }
    return assemble((u) => reader.lookup(u), start, sources, kind, answered, input, reader.hosts, opts.log);
}
/**
 * The same computation over documents already at hand (a snapshot's), offline: a URL not among
 * them counts as one that could not be read.
 */
function registryOfDocuments(saved, input, log, origin) {
    const parsed = new Map();
    const lookup = (url) => {
        let doc = parsed.get(url);
        if (!doc) {
            const s = saved.get(url);
            doc = s ? parseDoc(s.text, url, s.answered) : new Error('not in the saved documents');
            parsed.set(url, doc);
        }
        return doc;
    };
    const first = input.registries[0];
    const fallback = input.fallback;
    const onFallback = lookup(first) instanceof Error && fallback !== undefined && !(lookup(fallback) instanceof Error);
    const start = onFallback
        ? { url: fallback, role: 'fallback' }
        : { url: first, role: 'registry' };
    const sources = onFallback ? [fallback, ...input.registries.slice(1)] : input.registries;
    const hosts = new Set();
    for (const url of saved.keys())
        hostOf(url, hosts);
    return assemble(lookup, start, sources, origin.kind, origin.roots, input, hosts, log);
}
/** The views over what was read, and the warnings about it, each given once. */
function assemble(lookup, start, sources, kind, roots, input, hosts, log) {
    const rust = rustView(lookup, start);
    const wider = widerView(lookup, rust, sources);
    const read = new Set(wider.docs.map((d) => d.url));
    const failedIncludes = [...unreadBelow(lookup, wider.docs), ...rust.unread].filter((f, i, all) => !sources.includes(f.url) && all.findIndex((g) => g.url === f.url) === i);
    for (const inc of failedIncludes)
        log.warn(`included registry ${inc.url} could not be read: ${inc.error}`);
    for (const doc of wider.docs) {
        for (const bad of doc.invalid)
            log.warn(`ignoring invalid image entry at ${bad.where}: ${bad.problem}`);
        for (const img of doc.images)
            hostOf(img.url, hosts);
        reportRustFindings(doc, log);
    }
    const rustDocs = new Set(rust.docs.map((d) => d.url));
    for (const c of wider.conflicts)
        log.warn(conflictMessage(c, rustDocs));
    return {
        rust,
        wider,
        images: wider.items.flatMap((i) => (i.entry ? [i.entry] : [])),
        invalid: wider.docs.flatMap((d) => d.invalid),
        failedIncludes,
        kind,
        roots,
        hosts,
        input,
        documents: wider.docs.map((d) => ({ url: d.url, answered: d.answered, text: d.text })),
        // Saved only as read from the first registry itself: a run on the fallback keeps the last
        // snapshot of the registry as it is.
        complete: kind === 'registry' && failedIncludes.length === 0 && sources.every((s) => read.has(s)),
        said: new Set(),
    };
}
/** Includes of the documents read that were not: failed, refused or past the limit. */
function unreadBelow(lookup, docs) {
    return docs.flatMap((d) => [
        ...d.refusedIncludes,
        ...d.includes.flatMap((inc) => {
            const got = lookup(inc);
            return got instanceof Error ? [{ url: inc, error: (0,errors/* errorMessage */.gJ)(got) }] : [];
        }),
    ]);
}
function conflictMessage(c, rustDocs) {
    const docOf = (i) => i.where.replace(/:\d+$/, '');
    const digest = (i) => (i.entry?.sha256 ?? i.rust?.sha256 ?? '?').slice(0, 12);
    const keptByRust = rustDocs.has(docOf(c.kept));
    const why = keptByRust
        ? rustDocs.has(docOf(c.dropped))
            ? ', as the Rust tool does'
            : ', which the Rust tool reads'
        : ' (the first read)';
    return `conflicting entries for ${c.kept.name}:${c.kept.version}: keeping ${c.kept.where} (sha256 ${digest(c.kept)}\u2026)${why}; ignoring ${c.dropped.where} (sha256 ${digest(c.dropped)}\u2026)`;
}
/** How a note about what the Rust tool makes of a registry document begins. */
const RUST_NOTE = 'for the Rust tool (cargo xtask image), registry';
/**
 * Says, once per document, what the Rust tool would make of it where that is not what this tool
 * makes of it: a warning for a document on the network, which a Rust tool could be pointed at;
 * a debug line for a local file, which it cannot read at all.
 */
function reportRustFindings(doc, log) {
    if (doc.rustFindings.length === 0)
        return;
    const shown = doc.rustFindings.slice(0, 10).map((f) => {
        const effect = f.kind === 'parse'
            ? 'its sync fails on this document'
            : f.kind === 'include'
                ? 'its sync fails if it follows this include'
                : `its pull of ${f.image ?? 'this image'} fails`;
        return `${f.line ? `line ${f.line}: ` : ''}${f.message} (${effect})`;
    });
    const more = doc.rustFindings.length > 10 ? `; and ${doc.rustFindings.length - 10} more` : '';
    const message = `${RUST_NOTE} ${doc.url}: ${shown.join('; ')}${more}`;
    if (new URL(doc.url).protocol === 'file:')
        log.debug(message);
    else
        log.warn(message);
}

;// CONCATENATED MODULE: ./src/registry/rust-files.ts




/**
 * `images.toml` as the Rust tool's sync writes it: `toml::to_string_pretty` of its merged
 * registry, one `[[images]]` table per entry in its order, the fields in its struct's order,
 * `released_at` as chrono writes it and left out when absent. Only for a view whose every
 * entry the Rust tool parses (`RegistryItem.rust`); throws otherwise.
 */
function rustRegistryText(items) {
    const images = items.map((item) => {
        if (!item.rust)
            throw new Error(`${item.where}: the Rust tool does not parse this entry`);
        return item.rust;
    });
    return stringify({ images });
}
/**
 * Writes `images.toml` and `.last_sync` (whole seconds, as the Rust tool writes them) into the
 * Rust tool's storage dir, each by one rename: a reader sees the old file or the new one, and a
 * failure leaves no temp file behind.
 */
async function writeRustFiles(dir, items, now = Date.now()) {
    const path = (0,external_node_path_.join)(dir, RUST_REGISTRY_FILE);
    await writeFileAtomic(dir, path, rustRegistryText(items));
    await writeFileAtomic(dir, (0,external_node_path_.join)(dir, LAST_SYNC), String(Math.floor(now / 1000)));
    return path;
}

;// CONCATENATED MODULE: ./src/ops/registry.ts








function retryPolicy(settings, ctx) {
    return { ...DEFAULT_RETRY, ...ctx.retry, retries: settings.retries };
}
/**
 * Loads the registry (with the fallback, and the last good snapshot of this same input unless
 * `fallback-registry` is `none`), then saves what it read: the action's own snapshot, and the
 * Rust tool's `images.toml` and `.last_sync` when they are what its own sync would write.
 */
async function registry_loadAndSnapshot(settings, ctx) {
    const reg = await ctx.log.group('Registry', async () => {
        const loaded = await loadRegistry({
            registries: settings.registries,
            fallback: settings.fallbackRegistry,
            snapshotRoot: settings.noFallback ? undefined : settings.outputDir,
            hintRoot: settings.outputDir,
            retry: retryPolicy(settings, ctx),
            log: ctx.log,
            token: settings.token,
            stallMs: ctx.stallMs,
        });
        ctx.log.info(`${format_plural(loaded.images.length, 'image')} from ${registry_registrySource(loaded)}`);
        const { source } = loaded.rust;
        if (source) {
            ctx.log.debug(`the Rust tool reads ${source.url} (${source.role}) and its includes: ${format_plural(loaded.rust.items.length, 'image')}; specs are resolved there first`);
        }
        return loaded;
    });
    await saveRegistry(settings, reg, ctx.log, false);
    return reg;
}
/**
 * Saves the action's own snapshot (only a load that read every document of the registry itself)
 * and the Rust tool's files (only what its own sync would write). A failure is a warning, or an
 * error when `strict` (the `sync` command, whose only work this is).
 */
async function saveRegistry(settings, reg, log, strict) {
    const report = {};
    const fail = (what, err) => {
        const message = `could not save ${what}: ${(0,errors/* errorMessage */.gJ)(err)}`;
        if (strict)
            throw new errors/* UserError */.yo(message);
        log.warn(message);
    };
    if (reg.complete) {
        try {
            report.snapshot = await writeSnapshot(settings.outputDir, reg.input, reg.documents);
        }
        catch (err) {
            fail(`the registry snapshot to ${snapshotPath(settings.outputDir, reg.input)}`, err);
        }
        // Only a way to be faster next time: a store that cannot keep it (read-only) loses nothing.
        await writeIncludeHints(settings.outputDir, reg.input, reg.documents.map((d) => d.url)).catch((err) => log.debug(`the registry's include list was not kept: ${(0,errors/* errorMessage */.gJ)(err)}`));
    }
    else if (reg.kind !== 'snapshot') {
        log.debug('not every registry document was read: the last good snapshot is kept as it was');
    }
    report.rustFilesLeft = rustFilesProblem(settings, reg);
    if (report.rustFilesLeft) {
        log.debug(`images.toml and .last_sync left as they are: ${report.rustFilesLeft}`);
        return report;
    }
    try {
        report.rustFiles = await writeRustFiles(settings.outputDir, reg.rust.items);
    }
    catch (err) {
        fail(`images.toml and .last_sync in ${settings.outputDir}`, err);
    }
    return report;
}
/**
 * Why `cargo xtask image sync` would not write what this load's Rust view holds, or undefined
 * when it would. Its configuration names one registry, by default the built-in one; a run that
 * reads another first is not what it syncs from, so its files are left to it.
 */
function rustFilesProblem(settings, reg) {
    if (settings.registries[0] !== DEFAULT_REGISTRY) {
        return `the Rust tool syncs from ${DEFAULT_REGISTRY}, and this run's first registry is ${settings.registries[0]}`;
    }
    if (reg.kind === 'snapshot')
        return 'no registry could be read';
    if (reg.kind === 'fallback') {
        return `${DEFAULT_REGISTRY} could not be read, and the Rust tool would fall back to a registry of its own choosing`;
    }
    if (reg.rust.syncProblem)
        return `cargo xtask image sync would fail: ${reg.rust.syncProblem}`;
    return undefined;
}
/** The `registry-source` output: which URLs served, and in what role. */
function registry_registrySource(reg) {
    return `${reg.roots.join(', ')} (${reg.kind})`;
}

;// CONCATENATED MODULE: ./src/ops/selection.ts




/**
 * The images `list` and `warm` work on: exactly what `pull` would take for each spec in `image`,
 * or else, for every name in the registry, what `pull <name>` would take (its latest by the Rust
 * tool's rule); then only those whose arch and name pass the `arch` and `filter` inputs. Sorted
 * by name, then version, so the matrix and the report do not change order between runs.
 */
function selection_selectImages(reg, sel, log) {
    const passes = (e) => (sel.arch.length === 0 || sel.arch.includes(e.arch)) && (!sel.filter || sel.filter.test(e.name));
    const chosen = [];
    if (sel.images.length > 0) {
        // Every pin is resolved before filtering, so a typo is an error even when a filter would
        // have dropped that image anyway.
        const pinned = sel.images.map((spec) => ({ spec, entry: selectImage(reg, spec, { log }) }));
        for (const { spec, entry } of pinned) {
            if (passes(entry))
                chosen.push(entry);
            else
                log.info(`${formatSpec(spec)} (${entry.arch}) is left out by the arch or filter input`);
        }
    }
    else {
        const names = [...new Set(reg.wider.items.map((i) => i.name))].filter((n) => !sel.filter || sel.filter.test(n));
        for (const name of names) {
            let entry;
            try {
                entry = selectImage(reg, { name }, { log });
            }
            catch (err) {
                if (!(err instanceof UserError))
                    throw err;
                // The entry's own problem was a warning as the registry was read.
                log.info(`${name} is left out: ${err.message}`);
                continue;
            }
            // As `pull <name>` with this arch would refuse it, a name whose latest is for another arch
            // is left out, not replaced by an older version for the wanted one.
            if (passes(entry))
                chosen.push(entry);
            else
                log.info(`${name}: its latest, ${entry.version}, is for ${entry.arch}; left out by the arch input`);
        }
    }
    const unique = new Map(chosen.map((e) => [`${e.name}\u0000${e.version}`, e]));
    return [...unique.values()].sort(byNameThenVersion);
}
/**
 * The warning for an empty selection. GitHub rejects a matrix without rows with an error about
 * the `strategy` of the job that uses it, which says nothing about why it is empty.
 */
function selection_emptySelectionWarning(sel, imageCount) {
    const criteria = [
        sel.images.length > 0 ? `image: ${sel.images.map(formatSpec).join(', ')}` : '',
        sel.arch.length > 0 ? `arch: ${sel.arch.join(', ')}` : '',
        sel.filter ? `filter: ${sel.filter.source}` : '',
    ].filter(Boolean);
    return (`no image of the ${imageCount} in the registry matches ${criteria.length > 0 ? criteria.join('; ') : 'the inputs'}. ` +
        `A job whose strategy.matrix is built from an empty list fails with a confusing "Matrix vector 'include' does not contain any values" error; ` +
        `guard it with if: needs.<job>.outputs.count != '0'`);
}

;// CONCATENATED MODULE: ./src/ops/list.ts






/** What `pull` would take for each pin, or for every name: its latest; those that pass `arch` and `filter`. */
async function listImages(settings, ctx) {
    const reg = await loadAndSnapshot(settings, ctx);
    const images = selectImages(reg, settings, ctx.log);
    if (images.length === 0)
        ctx.log.warn(emptySelectionWarning(settings, reg.images.length));
    else
        ctx.log.info(`${plural(images.length, 'image')}: ${images.map((e) => `${e.name}:${e.version}`).join(', ')}`);
    return { images, registrySource: registrySource(reg) };
}
/**
 * Every entry `pull name:version` can take whose name `pattern` matches (all without one), by
 * name then version, and for each name the entry `pull name` takes.
 */
async function registryImages(settings, ctx, pattern) {
    const reg = await registry_loadAndSnapshot(settings, ctx);
    const images = reg.images.filter((e) => !pattern || pattern.test(e.name)).sort(order_byNameThenVersion);
    const latest = new Map();
    for (const name of new Set(images.map((e) => e.name))) {
        try {
            latest.set(name, select_selectImage(reg, { name }, { log: ctx.log }));
        }
        catch (err) {
            if (!(err instanceof errors/* UserError */.yo))
                throw err;
            ctx.log.warn(err.message);
        }
    }
    return { images, latest, total: reg.images.length, registrySource: registry_registrySource(reg) };
}

;// CONCATENATED MODULE: ./src/core/pool.ts
/** Runs `fn` over `items` with at most `limit` at once, keeping the results in input order. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/** Like mapLimit, but every item runs even when some fail; the outcomes say which. */
async function settleLimit(items, limit, fn) {
    return mapLimit(items, limit, (item, i) => fn(item, i).then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason })));
}

;// CONCATENATED MODULE: ./src/storage/tree-record.ts





/** A record larger than this is not one the store wrote for an image (a million entries). */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** Dirs read at once while scanning; enough to hide each lstat's latency, few enough for fds. */
const SCAN_CONCURRENCY = 32;
/**
 * Walks the tree below `root` (not `root` itself, whose times a rename changes) and stamps every
 * entry. A dir that cannot be listed fails the scan: the store vouches only for what it could
 * read, and extraction leaves every dir readable by its owner (tree-writer.ts).
 */
async function scanTree(root) {
    const entries = [];
    const queue = [''];
    const scanDir = async (rel) => {
        const names = await (0,promises_.readdir)((0,external_node_path_.join)(root, rel));
        await Promise.all(names.map(async (name) => {
            const r = rel ? `${rel}/${name}` : name;
            if (rel === '' && isBookkeeping(name))
                return;
            const st = await (0,promises_.lstat)((0,external_node_path_.join)(root, r), { bigint: true });
            entries.push(stamp(r, st));
            if (st.isDirectory())
                queue.push(r);
        }));
    };
    while (queue.length > 0)
        await Promise.all(queue.splice(0, SCAN_CONCURRENCY).map(scanDir));
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return { entries };
}
/** The marker and the record: ours, not the image's. */
function isBookkeeping(name) {
    return name === layout_MARKER_FILE || name === RECORD_FILE;
}
function stamp(path, st) {
    const kind = st.isDirectory() ? 'd' : st.isFile() ? 'f' : st.isSymbolicLink() ? 'l' : 'o';
    return [
        path,
        kind,
        (st.mode & 4095n).toString(8),
        String(st.uid),
        String(st.size),
        String(st.mtimeNs),
        String(st.ctimeNs),
        String(st.ino),
    ];
}
/** The stamp of a regular file at `path`, or undefined when there is none. */
async function stampFile(path, name) {
    const st = await lstat(path, { bigint: true }).catch(() => undefined);
    return st?.isFile() ? stamp(name, st) : undefined;
}
function sameStamp(a, b) {
    return a !== undefined && b !== undefined && a.every((v, i) => v === b[i]);
}
/** The record's text; written into the tree by the store (store.ts). */
function recordText(sha256, record) {
    const doc = { version: 1, sha256, entries: record.entries };
    if (record.archive)
        doc.archive = record.archive;
    return JSON.stringify(doc);
}
/** Files and links (not dirs) of a record, relative and sorted, for the outputs. */
function recordedFiles(entries) {
    return entries.filter((s) => s[1] !== 'd').map((s) => s[0]);
}
/** The digest a marker holds, or undefined when it holds anything else. */
function markerDigest(text) {
    const digest = text.trim().toLowerCase();
    return /^[0-9a-f]{64}$/.test(digest) ? digest : undefined;
}
/**
 * Decides whether the tree at `root` is exactly what extracting `sha256` left: a real dir and
 * bookkeeping files owned by this user that no one else can write, a record for these bytes,
 * and every entry with the stamp it had then (nothing changed, missing or added).
 */
async function checkTree(root, sha256, uid) {
    const rootSt = await (0,promises_.lstat)(root).catch(() => undefined);
    if (!rootSt)
        return { ok: false, state: 'absent', why: 'is absent' };
    if (!rootSt.isDirectory())
        return { ok: false, state: 'foreign', why: 'is not a directory' };
    const rootTrust = trustProblem(rootSt, uid, 'directory');
    // Another user's dir is theirs whatever it holds; ours, open to others, may hold anything.
    if (rootTrust)
        return { ok: false, state: rootSt.uid === uid ? 'changed' : 'foreign', why: rootTrust };
    const marker = await readOwnFile((0,external_node_path_.join)(root, layout_MARKER_FILE), uid, 4096);
    if (marker.absent) {
        // Neither tool made a dir with neither file; one with our record lost its marker.
        const recorded = await (0,promises_.lstat)((0,external_node_path_.join)(root, RECORD_FILE)).then(() => true, () => false);
        return { ok: false, state: recorded ? 'changed' : 'foreign', why: `has no ${layout_MARKER_FILE}` };
    }
    if (typeof marker.text !== 'string')
        return { ok: false, state: 'changed', why: `has ${marker.why}` };
    const digest = markerDigest(marker.text);
    if (digest !== sha256)
        return { ok: false, state: 'other', why: 'holds another image' };
    const record = await readRecord(root, sha256, uid);
    if ('why' in record)
        return { ok: false, state: 'changed', why: `has ${record.why}` };
    let now;
    try {
        now = (await scanTree(root)).entries;
    }
    catch (err) {
        const e = err;
        return {
            ok: false,
            state: 'changed',
            why: `cannot be read in full (${e.code ?? e.message} at ${e.path ?? root})`,
        };
    }
    const changes = describeChanges(record.entries, now);
    if (changes.length > 0)
        return { ok: false, state: 'changed', why: `changed since extraction: ${changes}` };
    return { ok: true, record };
}
/**
 * The record of the tree at `root`, when it is a trusted one for these bytes. The file is read
 * as untrusted data: any other shape, size or owner reads as no record, never as an error.
 */
async function readRecord(root, sha256, uid) {
    const file = await readOwnFile((0,external_node_path_.join)(root, RECORD_FILE), uid, MAX_RECORD_BYTES);
    if (typeof file.text !== 'string')
        return { why: file.why };
    let doc;
    try {
        doc = JSON.parse(file.text);
    }
    catch {
        return { why: `an unreadable ${RECORD_FILE}` };
    }
    const record = parseRecord(doc, sha256);
    return record ?? { why: `a ${RECORD_FILE} that is not a record of these bytes` };
}
/** A record file's content, when it has exactly the shape the store writes; else undefined. */
function parseRecord(doc, sha256) {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        return undefined;
    const d = doc;
    if (d.version !== 1 || d.sha256 !== sha256 || !Array.isArray(d.entries))
        return undefined;
    if (!d.entries.every(isStamp))
        return undefined;
    if (d.archive !== undefined && !isStamp(d.archive))
        return undefined;
    const record = { entries: d.entries };
    if (d.archive !== undefined)
        record.archive = d.archive;
    return record;
}
function isStamp(v) {
    return Array.isArray(v) && v.length === 8 && v.every((x) => typeof x === 'string');
}
/** Names at most this many changed paths in a message; the count says the rest. */
const SHOWN = 5;
/** What differs between two scans, for the log: empty when nothing does. */
function describeChanges(before, after) {
    const old = new Map(before.map((s) => [s[0], s]));
    const changed = [];
    const added = [];
    for (const s of after) {
        const was = old.get(s[0]);
        old.delete(s[0]);
        if (!was)
            added.push(s[0]);
        else if (!sameStamp(was, s))
            changed.push(`${s[0]} (${whatChanged(was, s)})`);
    }
    const missing = [...old.keys()];
    const parts = [];
    const list = (label, paths) => {
        if (paths.length === 0)
            return;
        const more = paths.length > SHOWN ? ` and ${paths.length - SHOWN} more` : '';
        parts.push(`${label} ${paths.slice(0, SHOWN).join(', ')}${more}`);
    };
    list('changed', changed);
    list('missing', missing);
    list('added', added);
    return parts.join('; ');
}
function whatChanged(was, now) {
    if (was[1] !== now[1])
        return 'replaced';
    if (was[4] !== now[4])
        return `size ${was[4]} \u2192 ${now[4]}`;
    if (was[2] !== now[2])
        return `mode ${was[2]} \u2192 ${now[2]}`;
    if (was[3] !== now[3])
        return 'owner changed';
    if (was[5] !== now[5])
        return 'rewritten';
    if (was[7] !== now[7])
        return 'replaced';
    return 'touched';
}

;// CONCATENATED MODULE: ./src/storage/store.ts









/**
 * The output dir as the pull sees it, and every decision about what in it may be trusted,
 * replaced or removed. It decides from what it recorded (the marker and record it writes into
 * each tree, the stamp of the archive it verified), never from what a name looks like: its temp
 * work lives in a private staging dir of its own, and only that is ever swept.
 */
class Store {
    outputDir;
    writable;
    shared;
    log;
    staging;
    uid = currentUid();
    constructor(outputDir, 
    /** False for a read-only output dir: what is there verified is served, nothing is written. */
    writable, 
    /** The output dir is the tools' shared store (the default), where trees neither tool marked may be replaced. */
    shared, log) {
        this.outputDir = outputDir;
        this.writable = writable;
        this.shared = shared;
        this.log = log;
    }
    static async open(outputDir, opts) {
        const { writable } = await prepareOutputDir(outputDir);
        return new Store(outputDir, writable, opts.shared ?? false, opts.log);
    }
    /** A fresh private path on the output dir's file system, for temp work. */
    async temp(label) {
        this.staging ??= this.openStaging();
        return (await this.staging).path(label);
    }
    async openStaging() {
        if (!this.writable)
            throw this.readOnly();
        try {
            return await Staging.open((0,external_node_path_.join)(this.outputDir, STORE_DIR));
        }
        catch (err) {
            const code = err.code;
            if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
                throw this.readOnly(code);
            throw err;
        }
    }
    /** Why nothing can be stored here: the error for a pull that has to write. */
    readOnly(code) {
        return new errors/* UserError */.yo(`${this.outputDir} cannot be written${code ? ` (${code})` : ''}, and it does not hold the image verified; choose a writable output dir`, { setting: 'output-dir' });
    }
    /** Removes the staging work dir with whatever is left in it. */
    async close() {
        const staging = await this.staging?.catch(() => undefined);
        this.staging = undefined;
        await staging?.close().catch((err) => {
            this.log.warn(`could not remove ${staging.dir}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        });
    }
    checkTree(dir, sha256) {
        return checkTree(dir, sha256, this.uid);
    }
    /**
     * Moves a tree that may not be reused out of its name into staging, then removes it. A tree
     * that neither tool made (`foreign`) is the user's and stays where it is: the pull fails naming
     * it, outside the shared default store. What cannot be removed stays in staging for a later run.
     */
    async discardTree(dir, check) {
        if (check.state === 'absent')
            return;
        if (check.state === 'foreign' && !(await isEmptyDir(dir))) {
            const st = await (0,promises_.lstat)(dir);
            // In the shared default store, what of ours has the name and no marker is axbuild 0.4.2's.
            if (!this.shared || st.uid !== this.uid) {
                throw new errors/* UserError */.yo(`${dir} is in the way: it ${check.why}, so it is not a tree this tool or cargo xtask image made, and it is left as it is; move it away or choose another output dir`, { setting: 'output-dir' });
            }
        }
        const doomed = await this.temp('old-tree');
        try {
            await (0,promises_.rename)(dir, doomed);
        }
        catch (err) {
            throw new errors/* UserError */.yo(`cannot move ${dir} out of the way: ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
        }
        await (0,remove_tree/* removeTree */.d)(doomed).catch((err) => this.log.warn(`could not remove the old tree (now ${doomed}): ${(0,errors/* errorMessage */.gJ)(err)}`));
    }
    /**
     * Puts an extracted tree in place: writes its marker and its record into it, then moves it
     * onto `target` in one rename, an old tree there moved aside first. When another run put a
     * tree of the same digest in place meanwhile, that one is kept and ours dropped: both come
     * from the same verified bytes. Returns the record written.
     */
    async commitTree(fresh, target, sha256) {
        // Replaces whatever the archive put at these names rather than writing through it (a link).
        for (const name of [layout_MARKER_FILE, RECORD_FILE])
            await (0,remove_tree/* removeTree */.d)((0,external_node_path_.join)(fresh, name));
        await (0,promises_.writeFile)((0,external_node_path_.join)(fresh, layout_MARKER_FILE), `${sha256}\n`, { flag: 'wx', mode: 0o644 });
        // Recorded before the rename, so that a tree at the final name always has its record.
        const record = await scanTree(fresh);
        await (0,promises_.writeFile)((0,external_node_path_.join)(fresh, RECORD_FILE), recordText(sha256, record), { flag: 'wx', mode: 0o644 });
        await this.replaceDir(fresh, target, sha256);
        return record;
    }
    async replaceDir(fresh, target, sha256) {
        for (let attempt = 0; attempt < 10; attempt++) {
            const existing = await (0,promises_.lstat)(target).catch(() => undefined);
            if (!existing) {
                try {
                    await (0,promises_.rename)(fresh, target);
                    return;
                }
                catch (err) {
                    if (!isExists(err))
                        throw err;
                    continue;
                }
            }
            if (!existing.isDirectory()) {
                await (0,promises_.rm)(target, { force: true });
                continue;
            }
            if ((await this.checkTree(target, sha256)).ok) {
                await (0,remove_tree/* removeTree */.d)(fresh);
                return;
            }
            const old = await this.temp('old-tree');
            try {
                await (0,promises_.rename)(target, old);
            }
            catch (err) {
                if (err.code === 'ENOENT')
                    continue;
                throw err;
            }
            try {
                await (0,promises_.rename)(fresh, target);
                return;
            }
            catch (err) {
                if (!isExists(err))
                    throw err;
            }
            finally {
                await (0,remove_tree/* removeTree */.d)(old).catch(() => undefined);
            }
        }
        throw new errors/* UserError */.yo(`could not move the extracted image into ${target}: it keeps changing under us`);
    }
    /**
     * Records the archive beside a tree in the tree's record, as the file `held` (an open handle
     * on the very bytes verified) now is, so the next pull can trust it without hashing. Only when
     * the name still leads to that file; otherwise the archive is left unrecorded (hashed next time).
     */
    async recordArchive(tree, sha256, name, path, held) {
        const record = await readRecord(tree, sha256, this.uid);
        if ('why' in record)
            return;
        const st = await held.stat({ bigint: true });
        const now = await (0,promises_.lstat)(path, { bigint: true }).catch(() => undefined);
        const archive = now && now.ino === st.ino && now.dev === st.dev ? stamp(name, st) : undefined;
        await this.writeRecord(tree, sha256, { entries: record.entries, archive });
    }
    /** Rewrites a tree's record in place when what it says of the archive changed. */
    async writeRecord(tree, sha256, record) {
        const current = await readRecord(tree, sha256, this.uid);
        if (!('why' in current) && sameArchive(current.archive, record.archive))
            return;
        try {
            const tmp = await this.temp('record');
            await (0,promises_.writeFile)(tmp, recordText(sha256, record), { flag: 'wx', mode: 0o644 });
            await (0,promises_.rename)(tmp, (0,external_node_path_.join)(tree, RECORD_FILE));
        }
        catch (err) {
            this.log.warn(`output dir: could not update ${(0,external_node_path_.join)(tree, RECORD_FILE)} (${(0,errors/* errorMessage */.gJ)(err)}); the next pull hashes the archive again`);
        }
    }
    /** Moves an archive of ours that did not verify out of its name (before another is put there). */
    async discardFile(path) {
        const doomed = await this.temp('old-archive');
        try {
            await (0,promises_.rename)(path, doomed);
        }
        catch (err) {
            if (err.code === 'ENOENT')
                return;
            throw new errors/* UserError */.yo(`cannot move ${path} out of the way: ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
        }
        await (0,remove_tree/* removeTree */.d)(doomed).catch(() => undefined);
    }
}
function sameArchive(a, b) {
    return (a === undefined && b === undefined) || sameStamp(a, b);
}
async function isEmptyDir(dir) {
    return (0,promises_.readdir)(dir).then((names) => names.length === 0, () => false);
}
function isExists(err) {
    const code = err.code;
    return code === 'ENOTEMPTY' || code === 'EEXIST';
}

;// CONCATENATED MODULE: ./src/unpack/image-files.ts



/**
 * Lists the files of an extracted image (links included, dirs not). The content of a dir this
 * user may not read (an image's 000 dir, for anyone but root) is left out: the tree stays
 * exactly as extracted.
 */
async function listFiles(dir) {
    const out = [];
    const walk = async (rel) => {
        const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch((err) => {
            const code = err.code;
            if (code === 'EACCES' || code === 'EPERM')
                return [];
            throw err;
        });
        for (const e of entries) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory())
                await walk(r);
            else if (r !== MARKER_FILE)
                out.push(r);
        }
    };
    await walk('');
    return out.sort();
}
/**
 * Finds the kernel, rootfs, BIOS and device tree by the names the published images use:
 * `qemu-<arch>` kernels (NimbOS also ships `qemu-<arch>_usertests`, which is not the kernel),
 * `Image`/`bzImage`, `*.bin`, board images `<board>` beside `<board>.dtb`, and nested layouts like
 * `linux/linux-qemu`. Shallower paths win, so a stray file deep in a rootfs tree does not.
 */
function classifyFiles(files, arch) {
    const byDepth = [...files].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
    const name = (f) => external_node_path_.posix.basename(f);
    const first = (pred) => byDepth.find(pred);
    const bios = first((f) => name(f) === 'axvm-bios.bin') ?? first((f) => /bios.*\.bin$/i.test(name(f)));
    const dtbs = byDepth.filter((f) => name(f).toLowerCase().endsWith('.dtb'));
    const hasDtbFor = (f) => dtbs.find((d) => d === `${f}.dtb`);
    const notBios = (f) => f !== bios;
    const kernel = first((f) => name(f) === `qemu-${arch}`) ??
        first((f) => ['Image', 'bzImage', 'zImage'].includes(name(f))) ??
        first((f) => hasDtbFor(f) !== undefined) ??
        first((f) => notBios(f) && name(f).toLowerCase().endsWith('.bin')) ??
        first((f) => depth(f) > 0 && !name(f).includes('.') && name(f).startsWith(`${external_node_path_.posix.basename(external_node_path_.posix.dirname(f))}-`));
    const rootfs = first((f) => name(f) === 'rootfs.img') ?? first((f) => name(f).toLowerCase().endsWith('.img'));
    const dtb = (kernel && hasDtbFor(kernel)) ?? dtbs[0];
    const result = { files };
    if (kernel)
        result.kernel = kernel;
    if (rootfs)
        result.rootfs = rootfs;
    if (bios)
        result.bios = bios;
    if (dtb)
        result.dtb = dtb;
    return result;
}
function depth(f) {
    return f.split('/').length - 1;
}

;// CONCATENATED MODULE: ./src/storage/open-file.ts


/** Why a file cannot be read as an archive; a reason for the log, not a failure of the pull. */
class UnusableFile extends Error {
    path;
    why;
    constructor(path, why) {
        super(`${path} ${why}`);
        this.path = path;
        this.why = why;
        this.name = 'UnusableFile';
    }
}
/**
 * Opens a file to read an archive from, checked on the open handle before a byte is read: a
 * regular file (a FIFO would hang the read, a device such as /dev/zero never ends), at most
 * `maxBytes`, and, unless `follow`, not a symbolic link (a cache entry or an archive of ours is
 * never one; an image the user names by a `file://` URL may be).
 */
async function openArchiveFile(path, opts = {}) {
    const flags = external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK | (opts.follow ? 0 : external_node_fs_.constants.O_NOFOLLOW);
    let fh;
    try {
        fh = await (0,promises_.open)(path, flags);
    }
    catch (err) {
        const code = err.code;
        throw new UnusableFile(path, code === 'ELOOP' ? 'is a symbolic link' : `could not be read (${code ?? err})`);
    }
    try {
        const st = await fh.stat({ bigint: true });
        if (!st.isFile())
            throw new UnusableFile(path, 'is not a regular file');
        if (opts.maxBytes !== undefined && st.size > BigInt(opts.maxBytes)) {
            throw new UnusableFile(path, `is ${st.size} bytes, over the ${opts.maxBytes}-byte limit`);
        }
        return { fh, path, st };
    }
    catch (err) {
        await fh.close();
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/unpack/tee.ts




/**
 * One pass over an archive's bytes: each chunk is hashed, optionally written to a private
 * `.part` file, and handed to a sink, so nothing is read twice. Resettable for a source that
 * must start over.
 *
 * When the sink fails, the tee stops feeding it and keeps its error in `sinkFailure`; it goes on
 * hashing what it is given. A download checks `sinkFailure` and stops, since no further byte
 * can mend the extraction; a copy of a cached file reads to the end, so that a corrupt entry is
 * found by its digest and the next layer tried. `maxBytes` caps what may be pushed at all.
 *
 * The part file and the sink get the bytes in batches of up to `BATCH_BYTES`: each hand-off is a
 * round trip through the libuv thread pool, and a socket delivers much smaller chunks. A batch
 * is hashed after it has been handed on, so the main thread hashes while the pool works. Batch
 * buffers are reused once the file, the sink and the hash are done with them, so a pull does
 * not feed the garbage collector a fresh buffer per batch (docs/benchmarks.md, "On Node 24").
 */
class Tee {
    partPath;
    sink;
    limits;
    hash = (0,external_node_crypto_.createHash)('sha256');
    file;
    sinkFailed = false;
    /** Why the sink gave up, once it has. */
    sinkFailure;
    /** Bytes pushed but not yet handed to the file and the sink (nor hashed): `batch[0, filled)`. */
    batch;
    filled = 0;
    /** Batch buffers that nothing reads any more, for the next batches. */
    spare = [];
    /** Chunks handed on and waiting for the hash, in order, with what to do once hashed. */
    unhashed = [];
    unhashedBytes = 0;
    hashLater;
    bytes = 0;
    constructor(partPath, sink, limits = {}) {
        this.partPath = partPath;
        this.sink = sink;
        this.limits = limits;
        if (partPath)
            this.file = openPart(partPath);
    }
    async push(chunk) {
        const max = this.limits.maxBytes;
        if (max !== undefined && this.bytes + chunk.length > max) {
            throw new errors/* UserError */.yo(`more than ${max} bytes; stopped after ${this.bytes} bytes`, {
                setting: 'max-size',
            });
        }
        this.bytes += chunk.length;
        if (!this.file && (!this.sink || this.sinkFailed)) {
            // Only the hash wants these bytes; what was gathered goes first, to keep the order.
            await this.flush();
            this.queueHash(chunk);
            return;
        }
        if (this.filled === 0 && chunk.length >= BATCH_BYTES)
            return this.deliver(chunk);
        for (let at = 0; at < chunk.length;) {
            // Never one still queued in the part file or the sink, or not yet hashed: see `deliver`.
            this.batch ??= this.spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
            const n = chunk.copy(this.batch, this.filled, at);
            this.filled += n;
            at += n;
            if (this.filled === BATCH_BYTES)
                await this.flush();
        }
    }
    /** Hands the gathered bytes on. */
    async flush() {
        if (this.filled === 0)
            return;
        const batch = this.batch;
        const out = batch.subarray(0, this.filled);
        this.batch = undefined;
        this.filled = 0;
        await this.deliver(out, batch);
    }
    /**
     * Hands `chunk` to the part file, the sink and the hash. When it lies in one of our batch
     * buffers (`batch`), the buffer is reused only after all three have called back: the file
     * once its write is done, the sink once zlib has consumed it, the hash once it has read it.
     */
    async deliver(chunk, batch) {
        const toSink = !this.sinkFailed && this.sink !== undefined;
        let users = 1 + (this.file ? 1 : 0) + (toSink ? 1 : 0);
        /** One user's "done with it"; a second call from the same user counts for nothing. */
        const user = () => {
            if (!batch)
                return undefined;
            let called = false;
            return () => {
                if (called)
                    return;
                called = true;
                if (--users === 0 && this.spare.length < SPARE_BATCHES)
                    this.spare.push(batch);
            };
        };
        const fileDone = user();
        const fileOk = this.file
            ? this.file.write(chunk, (err) => {
                if (!err)
                    fileDone?.();
            })
            : true;
        // The failure handler goes on at once: the sink may fail while the part file drains, and
        // a rejection nobody listens to yet is reported as unhandled.
        const sunk = toSink
            ? this.sink.write(chunk, user()).catch((err) => {
                this.sinkFailed = true;
                this.sinkFailure ??= err instanceof Error ? err : new Error(String(err));
            })
            : undefined;
        this.queueHash(chunk, user());
        if (!fileOk)
            await drain(this.file);
        // A write that failed (a full disk) must stop the pass: a short `.part` whose hash was taken
        // over every byte would otherwise be renamed into place as verified.
        if (this.file?.errored)
            throw partError(this.partPath, this.file.errored);
        if (sunk)
            await sunk;
    }
    /** Hashes `chunk` once the thread pool has its work; in order, and at once past 8 MiB waiting. */
    queueHash(chunk, hashed) {
        this.unhashed.push({ chunk, hashed });
        this.unhashedBytes += chunk.length;
        if (this.unhashedBytes > MAX_UNHASHED_BYTES)
            this.hashNow();
        else
            this.hashLater ??= setImmediate(() => this.hashNow());
    }
    hashNow() {
        if (this.hashLater)
            clearImmediate(this.hashLater);
        this.hashLater = undefined;
        for (const { chunk, hashed } of this.unhashed) {
            this.hash.update(chunk);
            hashed?.();
        }
        this.unhashed = [];
        this.unhashedBytes = 0;
    }
    dropUnhashed() {
        if (this.hashLater)
            clearImmediate(this.hashLater);
        this.hashLater = undefined;
        this.unhashed = [];
        this.unhashedBytes = 0;
    }
    async reset() {
        this.hash = (0,external_node_crypto_.createHash)('sha256');
        this.dropUnhashed();
        this.bytes = 0;
        this.batch = undefined;
        this.filled = 0;
        if (this.partPath) {
            await closeStream(this.file);
            this.file = openPart(this.partPath);
        }
        await this.sink?.reset();
        this.sinkFailed = false;
        this.sinkFailure = undefined;
    }
    /** Flushes the part file and returns the hex digest of everything pushed. */
    async finish() {
        await this.flush();
        this.hashNow();
        if (this.file) {
            await closeStream(this.file).catch((err) => {
                throw partError(this.partPath, err);
            });
        }
        return this.hash.digest('hex');
    }
    /** Closes and deletes the part file. */
    async discard() {
        this.dropUnhashed();
        this.batch = undefined;
        this.filled = 0;
        if (this.file)
            await closeStream(this.file).catch(() => undefined);
        if (this.partPath)
            await (0,promises_.rm)(this.partPath, { force: true });
    }
}
/** Size of the batches handed to the part file and the sink. */
const BATCH_BYTES = 1024 * 1024;
/** Batch buffers kept for reuse, at most: about what the file's and zlib's queues hold at once. */
const SPARE_BATCHES = 8;
/** Bytes handed on but not hashed yet, at most (a caller that never yields would pile them up). */
const MAX_UNHASHED_BYTES = 8 * BATCH_BYTES;
function openPart(path) {
    const ws = (0,external_node_fs_.createWriteStream)(path, { flags: 'w', highWaterMark: 1024 * 1024 });
    ws.on('error', () => undefined);
    return ws;
}
/** Waits for room in the stream; resolves on an error too (the caller checks `errored`). */
function drain(ws) {
    // A stream that already failed emits neither 'drain' nor another 'error': do not wait for them.
    if (ws.errored || ws.destroyed)
        return Promise.resolve();
    return new Promise((resolve) => {
        const done = () => {
            ws.off('drain', done);
            ws.off('error', done);
            ws.off('close', done);
            resolve();
        };
        ws.once('drain', done);
        ws.once('error', done);
        ws.once('close', done);
    });
}
function closeStream(ws) {
    if (ws.errored)
        return Promise.reject(ws.errored);
    if (ws.closed)
        return Promise.resolve();
    return new Promise((resolve, reject) => {
        // The callback gets the error of a write that failed after `write` had returned true.
        ws.end((err) => (err ? reject(err) : resolve()));
    });
}
function partError(path, err) {
    const code = err?.code;
    const why = code === 'ENOSPC' ? 'no space left on the device' : err?.message;
    return new errors/* UserError */.yo(`cannot write ${path}: ${why}`, { cause: err });
}

;// CONCATENATED MODULE: ./src/pull/ingest.ts




/**
 * One attempt at taking an image from one place: its bytes pass once through the tee (hash,
 * a private copy in the store's staging when one is needed, the extractor), and nothing reaches
 * a final name before the digest matched. `discard` removes every trace of a failed attempt.
 */
class Ingest {
    req;
    store;
    layout;
    part;
    sink;
    tee;
    constructor(req, store, layout, 
    /** The private copy (or link) of the archive, in staging; undefined when read in place. */
    part, 
    /** Whether `part` is written by the tee (a copy) rather than already there (a link). */
    copying, sink) {
        this.req = req;
        this.store = store;
        this.layout = layout;
        this.part = part;
        this.sink = sink;
        this.tee = new Tee(copying ? part : undefined, sink, { maxBytes: req.maxBytes });
    }
    static async start(req, store, layout, part) {
        const sink = req.extract ? new ExtractionSink(store, layout.extractDir, req) : undefined;
        return new Ingest(req, store, layout, part?.path, part?.copying ?? false, sink);
    }
    /**
     * Feeds a whole open file through the tee. A read that fails is the file's fault (an
     * `UnusableFile`, for the next layer to be tried); a write that fails is the output dir's.
     */
    async readFile(file) {
        const chunks = file.fh.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false, start: 0 });
        const it = chunks[Symbol.asyncIterator]();
        for (;;) {
            let next;
            try {
                next = await it.next();
            }
            catch (err) {
                throw new UnusableFile(file.path, `could not be read (${err.code ?? err})`);
            }
            if (next.done)
                return;
            await this.tee.push(next.value);
        }
    }
    /** The digest of every byte pushed (the part file complete on disk). */
    finish() {
        return this.tee.finish();
    }
    /**
     * Puts the verified bytes in place: the private copy renamed to the archive's name (unless the
     * archive was read in place, at `inPlace`), then the tree. When the tree cannot be put in
     * place, the archive goes too, so that `cargo xtask image` never trusts one that did not
     * extract. `afterArchive` runs once the archive has its final name (an Actions cache save).
     */
    async commit(inPlace, afterArchive) {
        let archive;
        let held;
        if (inPlace) {
            archive = inPlace.path;
            held = inPlace.fh;
        }
        else {
            held = await (0,promises_.open)(this.part, 'r');
            try {
                await (0,promises_.rename)(this.part, this.layout.archive);
            }
            catch (err) {
                await held.close();
                throw err;
            }
            archive = this.layout.archive;
        }
        afterArchive?.(archive);
        try {
            const record = this.sink ? await this.sink.commit(this.req.entry.sha256) : undefined;
            return { archive, held, record };
        }
        catch (err) {
            if (!inPlace) {
                await held.close();
                await (0,promises_.rm)(archive, { force: true });
            }
            throw err;
        }
    }
    /** Removes the private copy and the partial tree. */
    async discard() {
        await Promise.all([
            this.tee.discard(),
            this.sink?.abort(),
            this.part ? (0,promises_.rm)(this.part, { force: true }) : undefined,
        ]);
    }
}
/**
 * Reads an archive file that is not ours to rename (a cache entry, a local file the registry
 * names) into a private copy in staging. A file of this user's is hard-linked instead, and the
 * link is what is read: the bytes hashed are those of the file committed, whatever happens to
 * the name it was found under meanwhile.
 */
async function openForCopy(store, file, mayLink) {
    const part = await store.temp('archive');
    if (mayLink && file.st.uid === BigInt(store.uid)) {
        const linked = await (0,promises_.link)(file.path, part).then(() => true, () => false);
        if (linked) {
            const source = await openArchiveFile(part).catch(async (err) => {
                await (0,promises_.rm)(part, { force: true });
                throw err;
            });
            // The name may have been swapped between the open and the link: read what was linked.
            await file.fh.close();
            return { part, copying: false, source };
        }
    }
    return { part, copying: true, source: file };
}
/** Feeds the extractor and starts a fresh one when the source starts over. */
class ExtractionSink {
    store;
    target;
    req;
    current;
    constructor(store, target, req) {
        this.store = store;
        this.target = target;
        this.req = req;
    }
    extractor() {
        // Loaded when a pull first extracts: a repeat pull, whose tree is already in place, never
        // loads node-tar (the largest part of the bundle's start-up after undici; docs/benchmarks.md).
        this.current ??= Promise.all([this.store.temp('tree'), Promise.all(/* import() */[__nccwpck_require__.e(697), __nccwpck_require__.e(270)]).then(__nccwpck_require__.bind(__nccwpck_require__, 270))]).then(([dir, m]) => m.StreamExtractor.create(dir, {
            log: this.req.log,
            maxBytes: this.req.maxBytes,
            label: `${this.req.entry.name}:${this.req.entry.version}`,
        }));
        return this.current;
    }
    async write(chunk, release) {
        await (await this.extractor()).write(chunk, release);
    }
    async reset() {
        await this.abort();
    }
    async commit(sha256) {
        const ex = await this.extractor();
        const stats = await ex.finish();
        const record = await this.store.commitTree(ex.tempDir, this.target, sha256);
        this.req.log.info(`extracted ${stats.files} files, ${humanBytes(stats.bytes)}, into ${this.target}`);
        return record;
    }
    async abort() {
        const ex = this.current;
        this.current = undefined;
        if (ex)
            await (await ex.catch(() => undefined))?.abort();
    }
}

;// CONCATENATED MODULE: ./src/pull/from-caches.ts



/**
 * Takes the image from a cached archive (a tool cache entry, a restored Actions cache entry):
 * linked or copied into staging, hashed and extracted in one pass, committed when it verifies.
 * A copy that does not match, or cannot be read, is not an error: the reason comes back and the
 * caller moves on to the next layer. A problem of the output dir (full, read-only) still fails.
 */
async function fromCachedFile(req, store, layout, path) {
    let ingest;
    let opened;
    try {
        const file = await openArchiveFile(path, { maxBytes: req.maxBytes });
        opened = file;
        const copy = await openForCopy(store, file, true);
        opened = copy.source;
        ingest = await Ingest.start(req, store, layout, { path: copy.part, copying: copy.copying });
        await ingest.readFile(copy.source);
        const digest = await ingest.finish();
        if (digest !== req.entry.sha256) {
            await ingest.discard();
            return 'does not match its digest';
        }
        return await ingest.commit();
    }
    catch (err) {
        await ingest?.discard();
        if (err instanceof UnusableFile)
            return err.why;
        throw err;
    }
    finally {
        await opened?.fh.close().catch(() => undefined);
    }
}
/** Runs a cache's own clean-up, which must never fail the pull. */
async function quietly(what, req, fn) {
    await fn().catch((err) => req.log.warn(`${what}: ${(0,errors/* errorMessage */.gJ)(err)}; going on without it`));
}

;// CONCATENATED MODULE: ./src/pull/download.ts





/**
 * Streams `url` into `tee` (hash + part file + extractor) in one pass. After a broken connection
 * it asks for the rest with `Range`; a server that ignores the range sends the whole body again,
 * and the tee starts over. Retries follow `retry` for network errors, 5xx and 429; other 4xx fail
 * at once. The caller checks the digest. A body over `maxBytes`, or one the extractor has given
 * up on, is not read further.
 */
async function download(tee, opts) {
    const stats = { bytes: 0, resumes: 0, restarts: 0 };
    const shown = redact(opts.url);
    const progress = new Progress(opts.log, shown, opts.progressEveryMs ?? 5000);
    const signal = opts.signal;
    try {
        await withRetries(`download ${shown}`, opts.retry, opts.log, async () => {
            signal?.throwIfAborted();
            await attempt();
        });
    }
    finally {
        progress.end(tee.bytes);
    }
    stats.bytes = tee.bytes;
    progress.done(tee.bytes);
    return stats;
    async function attempt() {
        const offset = tee.bytes;
        const headers = offset > 0 ? { range: `bytes=${offset}-` } : {};
        let res;
        try {
            res = await httpGet(opts.url, { headers, auth: opts.auth, stallMs: opts.stallMs });
        }
        catch (err) {
            if (err instanceof HttpStatusError && err.status === 404) {
                throw new errors/* UserError */.yo(`image archive not found: ${shown} answered HTTP 404`);
            }
            throw err;
        }
        // A stop asked for while waiting for the answer.
        if (signal?.aborted) {
            res.body.destroy();
            throw signal.reason;
        }
        const encoding = bodyEncoding(res.headers);
        if (encoding && stats.encoding !== encoding) {
            stats.encoding = encoding;
            opts.log.warn(`${shown} was sent with Content-Encoding: ${encoding} although only identity was asked for: the bytes are hashed as sent, so they match only if the file itself is what was sent`);
        }
        const expected = Number(res.headers['content-length'] ?? NaN);
        if (offset > 0) {
            const start = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''))?.[1];
            if (res.status === 206 && Number(start) === offset) {
                stats.resumes++;
                opts.log.info(`resuming ${shown} at byte ${offset}`);
            }
            else {
                // 200 (range ignored), 416, or a range we did not ask for: start from scratch.
                if (res.status !== 200) {
                    res.body.resume();
                    await tee.reset();
                    stats.restarts++;
                    throw new NetworkError(`server answered ${res.status} to a range request; starting again`);
                }
                await tee.reset();
                stats.restarts++;
                opts.log.info(`server does not resume ${shown}; downloading it again from the start`);
            }
        }
        else if (res.status !== 200) {
            res.body.resume();
            throw new NetworkError(`unexpected HTTP ${res.status} for ${shown}`);
        }
        const startBytes = tee.bytes;
        const max = opts.maxBytes;
        if (!Number.isNaN(expected)) {
            progress.total = startBytes + expected;
            if (max !== undefined && startBytes + expected > max) {
                res.body.destroy();
                throw new errors/* UserError */.yo(`image archive ${shown} is ${startBytes + expected} bytes, over the ${max}-byte limit`, { setting: 'max-size' });
            }
        }
        const stop = () => void res.body.destroy();
        signal?.addEventListener('abort', stop);
        progress.tick(tee.bytes);
        try {
            for await (const chunk of res.body) {
                if (max !== undefined && tee.bytes + chunk.length > max) {
                    throw new errors/* UserError */.yo(`image archive ${shown} is over the ${max}-byte limit; download stopped after ${tee.bytes} bytes`, { setting: 'max-size' });
                }
                await tee.push(chunk);
                // Extraction that failed stays failed whatever comes next: stop reading.
                if (tee.sinkFailure) {
                    throw new errors/* UserError */.yo(`${(0,errors/* errorMessage */.gJ)(tee.sinkFailure)}; download of ${shown} stopped after ${tee.bytes} bytes`, { cause: tee.sinkFailure });
                }
                progress.tick(tee.bytes);
            }
        }
        catch (err) {
            if (signal?.aborted)
                throw signal.reason;
            if (err instanceof errors/* UserError */.yo)
                throw err;
            throw new NetworkError(`download of ${shown} broke at byte ${tee.bytes}: ${(0,errors/* errorMessage */.gJ)(err)}`, {
                cause: err,
            });
        }
        finally {
            signal?.removeEventListener('abort', stop);
        }
        // A body ended by the stop is not a short read to retry.
        signal?.throwIfAborted();
        if (!Number.isNaN(expected) && tee.bytes - startBytes < expected) {
            throw new NetworkError(`connection to ${new URL(opts.url).host} closed early at byte ${tee.bytes}`);
        }
    }
}
/**
 * Feeds the log's live `progress` view several times a second when it has one; otherwise logs at
 * most one line every `everyMs`, so a long download is visible but quiet.
 */
class Progress {
    log;
    what;
    everyMs;
    total;
    started = Date.now();
    // A live view shows its first state at once; periodic lines wait a period.
    last;
    constructor(log, what, everyMs) {
        this.log = log;
        this.what = what;
        this.everyMs = everyMs;
        this.last = log.progress ? 0 : this.started;
    }
    tick(bytes) {
        const now = Date.now();
        if (this.log.progress) {
            if (now - this.last < LIVE_EVERY_MS)
                return;
            this.last = now;
            this.log.progress({ what: this.what, bytes, total: this.total, elapsedMs: now - this.started });
            return;
        }
        if (now - this.last < this.everyMs)
            return;
        this.last = now;
        const pct = this.total
            ? ` of ${humanBytes(this.total)} (${Math.floor((bytes / this.total) * 100)}%)`
            : '';
        this.log.info(`downloading ${this.what}: ${humanBytes(bytes)}${pct}, ${rate(bytes, now - this.started)}`);
    }
    /** Tells a live view the download is over, however it ended. */
    end(bytes) {
        this.log.progress?.({
            what: this.what,
            bytes,
            total: this.total,
            elapsedMs: Date.now() - this.started,
            done: true,
        });
    }
    done(bytes) {
        this.log.info(`downloaded ${humanBytes(bytes)} in ${((Date.now() - this.started) / 1000).toFixed(1)} s`);
    }
}
/** How often a live view is fed: often enough to look live, rarely enough to cost nothing. */
const LIVE_EVERY_MS = 100;
function rate(bytes, ms) {
    return ms > 0 ? `${(bytes / 1048576 / (ms / 1000)).toFixed(1)} MiB/s` : '';
}

;// CONCATENATED MODULE: ./src/pull/from-network.ts







/**
 * The last layer: each mirror that has a URL for the image, in order, then the registry's own
 * URL (unless mirrors only). Each is streamed once through the tee (hash, the private copy in
 * staging, the extractor), with retries and `Range` resumes, and renamed into place only once
 * the digest matches. A source that fails (unreachable, 404, other bytes) is a warning and the
 * next is tried; only the last one's failure fails the pull, and a problem of the output dir
 * (full, read-only) or a stop fails it at once. `onArchive` runs as soon as the archive has its
 * final name, so that an Actions cache save overlaps the rest of the extraction.
 */
async function fromNetwork(req, store, layout, onArchive) {
    const list = candidates(req.entry, req.mirrors, req.mirrorsOnly);
    if (list.length === 0) {
        throw new errors/* UserError */.yo(`no mirror has a URL for ${req.entry.name}:${req.entry.version} (${req.entry.url}), and only mirrors may be used`, { setting: 'mirrors' });
    }
    for (const [i, from] of list.entries()) {
        try {
            const got = new URL(from.url).protocol === 'file:'
                ? await fromFile(req, store, layout, from)
                : await fromUrl(req, store, layout, from, onArchive);
            if (from.mirror)
                req.log.info(`served by the mirror ${from.shown}`);
            return { ...got, from };
        }
        catch (err) {
            const next = list[i + 1];
            if (!next || req.signal?.aborted || isLocalTrouble(err))
                throw err;
            req.log.warn(`${from.mirror ? 'mirror' : 'download'} ${from.shown}: ${(0,errors/* errorMessage */.gJ)(err)}; trying ${next.mirror ? 'the mirror' : "the registry's URL"} ${next.shown}`);
        }
    }
    throw new Error('unreachable');
}
/** Trouble of this machine's (the output dir full or read-only): no other source mends it. */
function isLocalTrouble(err) {
    for (let e = err; e; e = e.cause) {
        if (['ENOSPC', 'EROFS', 'EDQUOT', 'ENAMETOOLONG'].includes(e.code ?? ''))
            return true;
    }
    return false;
}
async function fromUrl(req, store, layout, from, onArchive) {
    const { entry, log } = req;
    const ingest = await Ingest.start(req, store, layout, {
        path: await store.temp('download'),
        copying: true,
    });
    try {
        if (new URL(from.url).protocol === 'http:') {
            log.warn(`${from.shown} is plain http; the SHA-256 digest still guards the bytes`);
        }
        const stats = await download(ingest.tee, {
            url: from.url,
            retry: req.retry,
            log,
            auth: req.auth,
            stallMs: req.stallMs,
            maxBytes: req.maxBytes,
            signal: req.signal,
        });
        const digest = await ingest.finish();
        if (digest !== entry.sha256) {
            const hint = stats.encoding
                ? `the server sent the body with Content-Encoding: ${stats.encoding}, so these are not the file's own bytes (a server or proxy compressing on the fly)`
                : undefined;
            throw new errors/* ChecksumError */.Al(from.shown, entry.sha256, digest, hint);
        }
        log.info(`verified ${humanBytes(stats.bytes)} (sha256 ${entry.sha256})`);
        return await ingest.commit(undefined, onArchive);
    }
    catch (err) {
        await ingest.discard();
        throw err;
    }
}
/** An image URL that is a local file: read like a download, verified the same way, copied (the file is the user's). */
async function fromFile(req, store, layout, from) {
    const { entry } = req;
    const path = (0,external_node_url_namespaceObject.fileURLToPath)(from.url);
    const what = `image ${entry.name}:${entry.version}: ${path} (from ${from.mirror ? 'a mirror' : entry.source})`;
    let file;
    try {
        file = await openArchiveFile(path, { follow: true, maxBytes: req.maxBytes });
    }
    catch (err) {
        if (!(err instanceof UnusableFile))
            throw err;
        const setting = /limit/.test(err.why) ? 'max-size' : undefined;
        throw new errors/* UserError */.yo(`${what} ${err.why.replace(/^could not be read.*/, 'is not a readable file')}`, {
            setting,
        });
    }
    let ingest;
    try {
        const copy = await openForCopy(store, file, false);
        ingest = await Ingest.start(req, store, layout, { path: copy.part, copying: true });
        await ingest.readFile(file);
        const digest = await ingest.finish();
        if (digest !== entry.sha256)
            throw new errors/* ChecksumError */.Al(from.shown, entry.sha256, digest);
        req.log.info(`verified ${path}`);
        return await ingest.commit();
    }
    catch (err) {
        await ingest?.discard();
        if (err instanceof UnusableFile)
            throw new errors/* UserError */.yo(`${what} ${err.why}`);
        throw err;
    }
    finally {
        await file.fh.close();
    }
}

;// CONCATENATED MODULE: ./src/pull/from-output-dir.ts








/**
 * The first layer: the output dir itself. A tree exactly as extracted from these very bytes is
 * handed back without reading a byte of it, with the archive beside it when that is still the
 * file last verified (or hashes to the digest again). Otherwise an archive under one of its
 * names (ours, or the one axbuild 0.4.2 writes) is verified and extracted again. A tree that
 * changed is moved out of the way first; the store decides which trees it may move.
 */
async function fromOutputDir(req, store, layout) {
    const { log, entry } = req;
    if (req.extract) {
        const tree = await store.checkTree(layout.extractDir, entry.sha256);
        if (tree.ok) {
            const beside = await keptArchive(req, store, layout, tree.record);
            if (beside) {
                log.info(`output dir: ${layout.extractDir} is as extracted (${tree.record.entries.length} entries unchanged)`);
                return { ...beside, record: tree.record };
            }
        }
        else if (tree.state === 'other') {
            // Another version under the same spec: it stays whole until the new one replaces it.
            log.info(`output dir: ${layout.extractDir} holds another image; it is replaced once this one is verified`);
        }
        else if (tree.state !== 'absent') {
            log.warn(`output dir: ${layout.extractDir} ${tree.why}; extracting it again from a verified copy`);
            // Out of the way now: whatever comes next, it is never handed back, nor kept as "the same
            // image" by a commit. The store refuses to move what is not the tools' to replace.
            await store.discardTree(layout.extractDir, tree);
        }
    }
    for (const path of layout.archiveNames) {
        const file = await openKept(req, store, layout, path);
        if (!file)
            continue;
        const ingest = await Ingest.start(req, store, layout, undefined);
        try {
            await ingest.readFile(file);
            const digest = await ingest.finish();
            const problem = digest !== entry.sha256
                ? "does not match the registry's digest"
                : (await changedSince(file))
                    ? 'changed while it was read'
                    : undefined;
            if (!problem) {
                const got = await ingest.commit(file);
                log.info(`output dir: ${path} verified`);
                return got;
            }
            await ingest.discard();
            await file.fh.close();
            log.warn(`output dir: ${path} ${problem}; ${path === layout.archive ? 'fetching it again' : 'not using it'}`);
            if (path === layout.archive)
                await store.discardFile(path);
        }
        catch (err) {
            await ingest.discard();
            await file.fh.close();
            throw err;
        }
    }
    log.info('output dir: no verified copy');
    return undefined;
}
/**
 * An archive in the output dir, opened, when it may be read: a regular file of this user's that
 * no one else can write. One at our own name that may not is moved away (another is put there
 * next); one at the other tool's name is left alone.
 */
async function openKept(req, store, layout, path) {
    const ours = path === layout.archive;
    let file;
    try {
        file = await openArchiveFile(path, { maxBytes: req.maxBytes });
    }
    catch (err) {
        if (err instanceof UnusableFile && /ENOENT/.test(err.why))
            return undefined;
        req.log.warn(`output dir: ${(0,errors/* errorMessage */.gJ)(err)}; ${ours ? 'replacing it' : 'not using it'}`);
        if (ours)
            await store.discardFile(path);
        return undefined;
    }
    const problem = trustProblem(file.st, store.uid, 'file');
    if (!problem)
        return file;
    await file.fh.close();
    req.log.warn(`output dir: ${path} ${problem}; ${ours ? 'replacing it' : 'not using it'}`);
    if (ours)
        await store.discardFile(path);
    return undefined;
}
/** Whether the file was written to since it was opened (its ctime moved): its hash says nothing. */
async function changedSince(file) {
    const now = await file.fh.stat({ bigint: true });
    return now.ctimeNs !== file.st.ctimeNs || now.size !== file.st.size;
}
/**
 * The archive beside an unchanged tree, when it may still be handed out: the very file last
 * verified (same stamp), one that changed stamp but still hashes to the digest (returned open,
 * to be stamped again), or none at all. Undefined when our archive no longer matches: it is
 * moved away, so that the layers below put a verified one back.
 */
async function keptArchive(req, store, layout, record) {
    for (const path of layout.archiveNames) {
        const st = await (0,promises_.lstat)(path, { bigint: true }).catch(() => undefined);
        if (!st)
            continue;
        if (st.isFile() && sameStamp(stamp((0,external_node_path_.basename)(path), st), record.archive))
            return { archive: path };
        const file = await openKept(req, store, layout, path);
        if (!file) {
            if (path === layout.archive)
                return undefined;
            continue;
        }
        if ((await hashOpened(file)) === req.entry.sha256 && !(await changedSince(file))) {
            return { archive: path, held: file.fh };
        }
        await file.fh.close();
        if (path !== layout.archive)
            continue;
        req.log.warn(`output dir: ${path} was changed since it was verified and no longer matches its digest; restoring it`);
        await store.discardFile(path);
        return undefined;
    }
    // No archive beside the tree (never one, or removed since): the tree alone is the image.
    return { archive: '' };
}
async function hashOpened(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of file.fh.createReadStream({
        highWaterMark: 1024 * 1024,
        autoClose: false,
        start: 0,
    }))
        hash.update(chunk);
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./src/pull/pull.ts











/**
 * Gets one verified image into the output dir from the fastest layer that has it: the output
 * dir itself, the runner's tool cache, the Actions cache, and only then the network. Bytes from
 * anywhere but an already-extracted tree are hashed in the same pass that extracts them, and the
 * store commits them only once they match.
 */
async function pullImage(req) {
    req.signal?.throwIfAborted();
    const started = Date.now();
    const { entry, log } = req;
    const store = await Store.open(req.outputDir, { shared: req.sharedStore, log });
    const layout = imageLayout(req.outputDir, req.spec, entry);
    const done = (source, got, saved, sourceUrl = '') => finish(req, store, layout, { source, got, saved, started, sourceUrl });
    try {
        // 1. The output dir.
        const kept = await fromOutputDir(req, store, layout);
        if (kept)
            return await done('local', kept);
        // 2. The runner's tool cache.
        const toolCache = req.toolCache;
        if (toolCache) {
            const cached = await toolCache.find(entry.sha256);
            if (cached) {
                const got = await fromCachedFile(req, store, layout, cached);
                if (typeof got !== 'string') {
                    log.info(`tool cache: hit at ${cached}`);
                    return await done('tool-cache', got);
                }
                log.warn(`tool cache: ${cached} ${got}; removing it`);
                await quietly(`tool cache: could not remove ${toolCache.entryDir(entry.sha256)}`, req, () => toolCache.evict(entry.sha256));
            }
            else {
                log.info(`tool cache: miss (${toolCache.entryDir(entry.sha256)})`);
            }
        }
        // 3. The Actions cache.
        const actionsCache = req.actionsCache;
        if (actionsCache) {
            const restored = await actionsCache.restore(entry.sha256);
            if (restored) {
                try {
                    const got = await fromCachedFile(req, store, layout, restored);
                    if (typeof got !== 'string') {
                        log.info('actions cache: hit, bytes verified');
                        return await done('actions-cache', got);
                    }
                    log.warn(`actions cache: the entry for ${entry.sha256} ${got}; ignoring it`);
                }
                finally {
                    await actionsCache.cleanup(restored);
                }
            }
        }
        // 4. The network (or, for a local registry, a file it names).
        let saved;
        const got = await fromNetwork(req, store, layout, (archive) => {
            // The archive is final: cache it while extraction catches up.
            saved = actionsCache?.save(entry.sha256, archive, archiveExtension(entry.url)).catch((err) => {
                log.warn(`actions cache: save failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
            });
        });
        return await done('download', got, saved, got.from.shown);
    }
    catch (err) {
        throw explainDiskError(err, req.outputDir);
    }
    finally {
        await store.close();
    }
}
/**
 * The result of a pull that found its bytes: the archive put in the tool cache when it came from
 * elsewhere, then stamped in the tree's record (last: a hard link moves its ctime), and the
 * files listed from the record, which holds exactly what was verified.
 */
async function finish(req, store, layout, how) {
    const { source, got } = how;
    const { entry } = req;
    try {
        if (got.archive && req.toolCache && source !== 'tool-cache' && source !== 'local') {
            const toolCache = req.toolCache;
            await quietly('tool cache: could not store the archive', req, async () => {
                await toolCache.put(entry.sha256, got.archive, archiveExtension(entry.url));
                req.log.info(`tool cache: stored at ${toolCache.entryDir(entry.sha256)}`);
            });
        }
        if (req.extract && got.record) {
            if (got.held) {
                await store.recordArchive(layout.extractDir, entry.sha256, (0,external_node_path_.basename)(got.archive), got.archive, got.held);
            }
            else if (!got.archive && got.record.archive) {
                await store.writeRecord(layout.extractDir, entry.sha256, { entries: got.record.entries });
            }
        }
    }
    finally {
        await got.held?.close();
    }
    const archiveSt = got.archive ? await (0,promises_.stat)(got.archive).catch(() => undefined) : undefined;
    const files = got.record ? classifyFiles(recordedFiles(got.record.entries), entry.arch) : { files: [] };
    return {
        entry,
        layout,
        path: req.extract ? layout.extractDir : got.archive,
        archive: archiveSt?.isFile() ? got.archive : '',
        source,
        sourceUrl: how.sourceUrl,
        cacheHit: source !== 'download',
        files,
        archiveBytes: archiveSt?.size ?? 0,
        ms: Date.now() - how.started,
        saved: how.saved ?? Promise.resolve(),
    };
}

;// CONCATENATED MODULE: ./src/pull/tool-cache.ts







/**
 * The runner's persistent tool cache, keyed by digest:
 * `RUNNER_TOOL_CACHE/axvisor-image/<sha256>/archive<ext>`. Only verified archives are put here,
 * and an entry appears by one rename of a complete directory, so a reader (another job on the
 * same self-hosted runner) sees either no entry or a whole one. Entries are hashed again on every
 * use, so one another user planted costs a download, never a wrong image; the pull turns every
 * failure here (`EACCES`, `EROFS`, `ENOSPC`, an entry it cannot evict) into a warning.
 */
class ToolCache {
    root;
    /** This user's private staging in the tool cache: several runner users may share it. */
    home;
    constructor(runnerToolCache) {
        this.root = (0,external_node_path_.join)(runnerToolCache, TOOL_CACHE_DIR);
        this.home = (0,external_node_path_.join)(this.root, `${STORE_DIR}-${currentUid()}`);
    }
    entryDir(sha256) {
        return (0,external_node_path_.join)(this.root, sha256);
    }
    /** The archive's path when an entry exists (a real dir holding an archive name); never throws. */
    async find(sha256) {
        const dir = this.entryDir(sha256);
        const st = await (0,promises_.lstat)(dir).catch(() => undefined);
        if (!st?.isDirectory())
            return undefined;
        const names = await (0,promises_.readdir)(dir).catch(() => []);
        const name = names.find(isCachedArchiveName);
        return name === undefined ? undefined : (0,external_node_path_.join)(dir, name);
    }
    /** Puts a verified archive in, atomically; an entry another job wrote first is kept. */
    async put(sha256, archivePath, extension) {
        // Not recursive first: a recursive mkdir on a read-only file system says ENOENT, not EROFS.
        await (0,promises_.mkdir)(this.root).catch(async (err) => {
            if (err.code === 'ENOENT')
                await (0,promises_.mkdir)(this.root, { recursive: true });
            else if (err.code !== 'EEXIST')
                throw err;
        });
        await this.staged(async (staging) => {
            const tmp = staging.path('entry');
            await (0,promises_.mkdir)(tmp, { mode: 0o755 });
            // A hard link where it can be: no copy, no second copy of the bytes on disk. Neither name
            // is ever written in place (files are replaced by a rename), and an entry is hashed again
            // on every use. Otherwise a reflink where the filesystem has them, or a plain copy.
            const dest = (0,external_node_path_.join)(tmp, cachedArchiveName(extension));
            await (0,promises_.link)(archivePath, dest).catch(() => (0,promises_.copyFile)(archivePath, dest, external_node_fs_.constants.COPYFILE_FICLONE));
            await (0,promises_.rename)(tmp, this.entryDir(sha256)).catch((err) => {
                if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST')
                    throw err;
            });
        });
    }
    /** Removes an entry whose bytes turned out wrong: moved out of its name first, then removed. */
    async evict(sha256) {
        await this.staged(async (staging) => {
            const doomed = staging.path('old-entry');
            try {
                await (0,promises_.rename)(this.entryDir(sha256), doomed);
            }
            catch (err) {
                if (err.code === 'ENOENT')
                    return;
                throw err;
            }
            await (0,remove_tree/* removeTree */.d)(doomed);
        });
    }
    async staged(fn) {
        const staging = await Staging.open(this.home);
        try {
            await fn(staging);
        }
        finally {
            await staging.close().catch(() => undefined);
        }
    }
}

;// CONCATENATED MODULE: ./src/ops/pull-setup.ts



/**
 * What every pull of one operation shares: where images go, the caches, and the transfer policy
 * (retries, the token and the hosts it may go to, stall timeout, size cap, the stop signal).
 * Built once, so `pull` and `warm` cannot drift apart.
 */
function pullSetup(settings, ctx, reg, outputDir = settings.outputDir) {
    return {
        outputDir,
        sharedStore: isSharedStore(outputDir),
        toolCache: settings.toolCache && ctx.toolCacheDir ? new ToolCache(ctx.toolCacheDir) : undefined,
        actionsCache: settings.cache ? ctx.actionsCache : undefined,
        log: ctx.log,
        retry: retryPolicy(settings, ctx),
        auth: settings.token ? { token: settings.token, hosts: reg.hosts } : undefined,
        stallMs: ctx.stallMs,
        maxBytes: settings.maxSize,
        signal: ctx.signal,
        mirrors: settings.mirrors,
        mirrorsOnly: settings.mirrorsOnly,
    };
}

;// CONCATENATED MODULE: ./src/ops/pull.ts






/** Pulls every spec in `images`, each from the fastest layer that has it. */
async function pullImages(settings, ctx, 
/** Where the images go when not the output dir, which keeps the registry snapshot (`pull -o`). */
into = settings.outputDir) {
    // Before the registry, whose snapshot goes there too: a bad output dir is one clear error.
    await prepareOutputDir(settings.outputDir);
    if (into !== settings.outputDir)
        await prepareOutputDir(into);
    const reg = await registry_loadAndSnapshot(settings, ctx);
    // Select every spec first, so a typo in the third line fails before anything downloads.
    const chosen = settings.images.map((spec) => ({
        spec,
        entry: select_selectImage(reg, spec, { arch: settings.arch, log: ctx.log }),
    }));
    const setup = pullSetup(settings, ctx, reg, into);
    const results = await mapLimit(chosen, settings.concurrency, ({ spec, entry }) => ctx.log.group(`Image ${entry.name}:${entry.version} (${entry.arch})`, () => pullImage({ ...setup, entry, spec, extract: settings.extract })));
    // The step ends only when the cache saves have, or the runner would cut them off.
    await Promise.all(results.map((r) => r.saved));
    return { results, registrySource: registry_registrySource(reg) };
}

;// CONCATENATED MODULE: ./src/ops/storage.ts






/**
 * Removes the archive and the extracted dir that a pull of each spec made in `outputDir`. Works
 * offline: the archive is found by its name and any extension a registry URL can give.
 */
async function removeImages(outputDir, specs) {
    const names = await (0,promises_.readdir)(outputDir).catch(() => []);
    const out = [];
    for (const spec of specs) {
        const base = imageBase(spec);
        const doomed = names.filter((n) => n === base || (n.startsWith(`${base}.`) && base + archiveExtension(`file:///${n}`) === n));
        const removed = [];
        for (const name of doomed) {
            const path = (0,external_node_path_.join)(outputDir, name);
            const dir = (await (0,promises_.stat)(path).catch(() => undefined))?.isDirectory() ?? false;
            await (0,remove_tree/* removeTree */.d)(path);
            removed.push({ path, dir });
        }
        out.push({ spec, removed });
    }
    return out;
}
/**
 * Fetches the registry again and saves it: the action's own snapshot, and `images.toml` and
 * `.last_sync` when they are what `cargo xtask image sync` would write. Unlike the other
 * operations it does not fall back to the saved snapshot, and a save that fails fails it: a
 * sync that reads or keeps nothing new has failed.
 */
async function syncRegistry(settings, ctx) {
    const reg = await loadRegistry({
        registries: settings.registries,
        fallback: settings.fallbackRegistry,
        retry: retryPolicy(settings, ctx),
        log: ctx.log,
        stallMs: ctx.stallMs,
    });
    const saved = await saveRegistry(settings, reg, ctx.log, true);
    return { count: reg.images.length, registrySource: registry_registrySource(reg), saved };
}

;// CONCATENATED MODULE: ./src/cli/text-table.ts
/** A plain-text table with a header line, columns padded to their widest cell. */
function textTable(header, rows) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells) => cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/cli/commands.ts







/** `ls [-v] [pattern]`: the registry as a table, like the Rust tool's. */
async function ls(inv, ctx, out) {
    const filter = inv.pattern ? nameFilter(inv.pattern) : undefined;
    const { images: entries, latest: latestOf, total } = await registryImages(inv.settings, ctx, filter);
    if (entries.length === 0) {
        out.print(inv.pattern
            ? `no image name matches '${inv.pattern}' (${total} images in the registry)`
            : 'the registry lists no images');
        return;
    }
    const header = ['Name', 'Version', 'Architecture', 'Description'];
    if (inv.verbose) {
        out.print(textTable(header, entries.map((e) => [e.name, e.version, e.arch, e.description])).trimEnd());
        return;
    }
    const byName = new Map();
    for (const e of entries)
        byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
    const rows = [...byName.values()].map((versions) => {
        // The row describes the entry `pull <name>` takes.
        const latest = latestOf.get(versions[0].name) ?? versions[0];
        const arches = [...new Set(versions.map((v) => v.arch))].sort().join(', ');
        return [
            latest.name,
            versions.length > 1 ? `${versions.length} versions` : latest.version,
            arches,
            latest.description,
        ];
    });
    out.print(textTable(header, rows).trimEnd());
}
const WHERE = {
    local: 'already there',
    'tool-cache': 'from the tool cache',
    'actions-cache': 'from the Actions cache',
    download: 'downloaded',
};
/** `pull <spec>... [-o dir] [--no-extract]`: each image from the fastest place that has it. */
async function pull(inv, ctx, out) {
    const { results, registrySource } = await pullImages(inv.settings, ctx, inv.pullDir);
    for (const r of results) {
        ctx.log.debug(`${r.entry.name} ${r.entry.version} (${r.entry.arch}) from ${registrySource}`);
        const where = r.sourceUrl && r.sourceUrl !== r.entry.url ? `downloaded from ${r.sourceUrl}` : WHERE[r.source];
        out.print(inv.settings.extract
            ? `image extracted to ${r.path} (${where})`
            : `image archive ready at ${r.path} (${where})`);
        const files = r.files;
        for (const [label, rel] of [
            ['kernel', files.kernel],
            ['rootfs', files.rootfs],
            ['bios', files.bios],
            ['dtb', files.dtb],
        ]) {
            if (rel)
                out.print(`  ${label}: ${(0,external_node_path_.join)(r.layout.extractDir, rel)}`);
        }
    }
}
/** `rm <spec>...`: the archive and the extracted dir that `pull` with the same spec made. */
async function remove(inv, log, out) {
    const dir = inv.settings.outputDir;
    for (const { spec, removed } of await removeImages(dir, inv.specs)) {
        if (removed.length === 0)
            out.print(`${spec_formatSpec(spec)}: nothing to remove in ${dir}`);
        for (const { path, dir: isDir } of removed) {
            log.debug(`removed ${path}`);
            out.print(`removed ${path}${isDir ? '/' : ''}`);
        }
    }
}
/** `sync`: the registry fetched again and saved. */
async function sync(inv, ctx, out) {
    const { count, registrySource, saved } = await syncRegistry(inv.settings, ctx);
    out.print(`synced ${count} images from ${registrySource}`);
    out.print(saved.snapshot
        ? `  saved for this registry input: ${saved.snapshot}`
        : '  not saved: not every registry document could be read (see the warnings)');
    out.print(saved.rustFiles
        ? `  images.toml and .last_sync written, as cargo xtask image sync writes them: ${saved.rustFiles}`
        : `  images.toml and .last_sync left as they are: ${saved.rustFilesLeft ?? 'not written'}`);
}

;// CONCATENATED MODULE: ./src/cli/help.ts
/** Help texts, one per command; `axvisor-image <command> --help` prints the command's. */
const GLOBAL_OPTIONS = `Options for every command:
  --registry URL           registry to read (http(s) URL, file:// URL or path); repeat for several:
                           specs resolve as cargo xtask image would in the first, then in all.
                           Default: the axvisor-guest registry/default.toml
  --fallback-registry URL  read in place of the first --registry when it cannot be ("none": no
                           fallback, and no saved copy either). Default: the axvisor-guest
                           registry/v0.0.26.toml, only when --registry is not given
  --output-dir DIR         local storage: pulled images, this tool's saved registries, and the
                           Rust tool's images.toml. Default: <temp dir>/.axvisor-images, as
                           cargo xtask image uses
  --retries N              attempts per network fetch beyond the first (default 3)
  -h, --help               show help
  -V, --version            show the version`;
const HELP = {
    main: `axvisor-image: fetch, verify and extract AxVisor / ArceOS guest images from a TOML registry

Usage: axvisor-image <command> [options]

Commands:
  ls [-v] [pattern]                    list the images in the registry
  pull <spec>... [-o dir] [--no-extract]
                                       download, verify and extract images (alias: download)
  rm <spec>...                         remove pulled images from the local storage
  sync                                 fetch the registry again and save it
  help [command]                       show help for a command

A spec is 'name' (the latest version) or 'name:version', e.g. qemu_aarch64_linux:0.0.25.

${GLOBAL_OPTIONS}

Environment: RUNNER_TOOL_CACHE (a persistent cache of verified archives, shared with the
GitHub Action), AXVISOR_IMAGE_MIRRORS (image mirrors, one per line, when no --mirror is given),
AXVISOR_IMAGE_DEBUG=1 (debug log).
Exit status: 0 success, 1 failure (network, checksum, unknown image), 2 usage error,
130 interrupted (Ctrl-C; a pull removes its temp files first).`,
    ls: `Usage: axvisor-image ls [-v] [pattern] [options]

Lists the images in the registry: one row per name with the architecture and description of the
version 'pull name' takes ("N versions" when there are several), or with -v every version any
'pull name:version' can take.

  pattern        regular expression on the name (a plain substring when it is not a valid regex)
  -v, --verbose  one row per version

${GLOBAL_OPTIONS}`,
    pull: `Usage: axvisor-image pull <spec>... [-o dir] [--no-extract] [options]

Downloads each image (unless a verified copy is already there or in RUNNER_TOOL_CACHE), checks
its SHA-256 against the registry and extracts it to <dir>/<name> (or <dir>/<name>-<version> when
the spec names a version), beside the archive.

  -o, --output DIR   where the archive and the extracted image go (default: the --output-dir storage)
  --no-extract       keep only the verified archive
  --mirror M         try this source before the registry's URL; repeat for several, tried in order.
                     'PREFIX => REPLACEMENT' rewrites a URL prefix; a URL with {sha256}, {name},
                     {version}, {arch}, {file} or {ext} is a template. Each is checked against the
                     digest; one that fails is a warning. Default: $AXVISOR_IMAGE_MIRRORS
  --mirrors-only     never fetch the registry's URL, only the mirrors

${GLOBAL_OPTIONS}`,
    rm: `Usage: axvisor-image rm <spec>... [options]

Removes an image's archive and extracted directory from the local storage (--output-dir).
'name' removes what 'pull name' made, 'name:version' what 'pull name:version' made. Nothing
there is not an error.

${GLOBAL_OPTIONS}`,
    sync: `Usage: axvisor-image sync [options]

Fetches the registry (with its includes) again and saves what it read for this registry input
in the local storage, for when no registry can be reached later. images.toml and .last_sync, the
Rust tool's, are written only as cargo xtask image sync would write them (from the built-in
registry); otherwise they are left as they are, and the output says why. Fails when no registry
can be read, or what was read cannot be saved.

${GLOBAL_OPTIONS}`,
    help: `Usage: axvisor-image help [command]

Shows the help of a command, or the list of commands.`,
};

;// CONCATENATED MODULE: ./src/cli/progress.ts


/** `\r` back to the line's start, then erase to its end (ANSI EL). */
const CLEAR = '\r\x1b[K';
/**
 * The console log with a live progress line on a terminal: redrawn in place with `\r`, cleared
 * before any other line is printed and when the download ends, so that only the log stays.
 */
class TerminalLog extends ConsoleLog {
    term;
    shown = false;
    constructor(term, verbose) {
        super(verbose);
        this.term = term;
    }
    info(message) {
        this.clear();
        super.info(message);
    }
    warn(message) {
        this.clear();
        super.warn(message);
    }
    debug(message) {
        this.clear();
        super.debug(message);
    }
    progress(p) {
        if (p.done) {
            this.clear();
            return;
        }
        const width = Math.max(20, (this.term.columns || 80) - 1);
        this.term.write(`${CLEAR}${progressLine(p).slice(0, width)}`);
        this.shown = true;
    }
    /** Removes the progress line, if one is on screen. */
    clear() {
        if (!this.shown)
            return;
        this.term.write(CLEAR);
        this.shown = false;
    }
}
/**
 * One progress line: `downloading linux.tar.gz: 12.0 MiB of 40.0 MiB  30%  8.0 MiB/s  ETA 0:04`.
 * Without a known size there is no percentage or ETA.
 */
function progressLine(p) {
    const name = shortName(p.what);
    const secs = p.elapsedMs / 1000;
    const perSec = secs > 0 ? p.bytes / secs : 0;
    const rate = `${humanBytes(Math.round(perSec))}/s`;
    if (!p.total)
        return `downloading ${name}: ${humanBytes(p.bytes)}  ${rate}`;
    const pct = Math.min(100, Math.floor((p.bytes / p.total) * 100));
    const eta = perSec > 0 ? clock((p.total - p.bytes) / perSec) : '--:--';
    return `downloading ${name}: ${humanBytes(p.bytes)} of ${humanBytes(p.total)}  ${pct}%  ${rate}  ETA ${eta}`;
}
/** The URL's last path segment: the archive's name says enough on one line. */
function shortName(url) {
    try {
        const segments = new URL(url).pathname.split('/').filter(Boolean);
        return decodeURIComponent(segments.at(-1) ?? url);
    }
    catch {
        return url;
    }
}
/** Seconds as `m:ss`, or `h:mm:ss` past an hour. */
function clock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/cli/version.ts

/** The version this CLI was built from, as its package says (bundled in, so it needs no file). */
const VERSION = package_namespaceObject.rE;

;// CONCATENATED MODULE: ./src/cli/main.ts









/**
 * Exit statuses: 0 success, 1 the work failed (network, checksum, unknown image), 2 usage error,
 * 130 interrupted by Ctrl-C (128 + SIGINT, as shells report it).
 */
const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;
const stdout = { print: (text) => console.log(text) };
/**
 * Runs one command line and returns the exit status. An error about a setting is named as the
 * command line names it (cliMessage).
 */
async function main(argv, env = process.env) {
    let inv;
    try {
        inv = parseCommandLine(argv, env);
    }
    catch (err) {
        if (!(err instanceof UsageError))
            throw err;
        console.error(`axvisor-image: ${err.message}`);
        console.error(`Run 'axvisor-image ${err.command ? `${err.command} ` : ''}--help' for usage.`);
        return EXIT_USAGE;
    }
    if (inv.version) {
        console.log(`axvisor-image ${VERSION}`);
        return EXIT_OK;
    }
    if (inv.command === undefined) {
        (inv.help ? console.log : console.error)(HELP.main);
        return inv.help ? EXIT_OK : EXIT_USAGE;
    }
    if (inv.command === 'help' || inv.help) {
        const topic = inv.command === 'help' ? (inv.pattern ?? 'main') : inv.command;
        const text = HELP[topic === 'download' ? 'pull' : topic === 'list' ? 'ls' : topic];
        if (!text) {
            console.error(`axvisor-image: no help for '${topic}' (commands: ls, pull, rm, sync)`);
            return EXIT_USAGE;
        }
        console.log(text);
        return EXIT_OK;
    }
    // Progress goes to stderr: a live line when it is a terminal, periodic log lines otherwise.
    const log = process.stderr.isTTY ? new TerminalLog(process.stderr) : new ConsoleLog();
    // Ctrl-C during a pull stops the download, so that the pull removes its temp files before the
    // exit; a second Ctrl-C exits at once (the next run removes what is left).
    const interrupt = new AbortController();
    const onSigint = () => {
        if (interrupt.signal.aborted)
            process.exit(EXIT_INTERRUPTED);
        interrupt.abort(new errors/* InterruptedError */.p4());
    };
    if (inv.command === 'pull')
        process.on('SIGINT', onSigint);
    const interrupted = () => {
        console.error('interrupted; nothing left behind');
        return EXIT_INTERRUPTED;
    };
    const ctx = {
        // ls prints a table on stdout: its progress lines would be in the way.
        log: inv.command === 'ls' ? new QuietLog(log) : log,
        toolCacheDir: env.RUNNER_TOOL_CACHE || undefined,
        signal: interrupt.signal,
    };
    try {
        const storage = inv.settings.outputDir;
        inv.settings.outputDir = await chooseOutputDir(storage, storage === defaultOutputDir(), log);
        // `-o` names a dir of the user's own choosing; the storage dir may have moved above.
        inv.pullDir =
            inv.pullDir === storage ? inv.settings.outputDir : await chooseOutputDir(inv.pullDir, false, log);
        switch (inv.command) {
            case 'ls':
                await ls(inv, ctx, stdout);
                break;
            case 'pull':
                await pull(inv, ctx, stdout);
                break;
            case 'rm':
                await remove(inv, ctx.log, stdout);
                break;
            case 'sync':
                await sync(inv, ctx, stdout);
                break;
        }
        return interrupt.signal.aborted ? interrupted() : EXIT_OK;
    }
    catch (err) {
        if (err instanceof errors/* InterruptedError */.p4)
            return interrupted();
        if (!(err instanceof errors/* UserError */.yo))
            log.debug(err instanceof Error ? (err.stack ?? err.message) : String(err));
        console.error(`error: ${cliMessage(err)}`);
        return EXIT_FAILURE;
    }
    finally {
        process.off('SIGINT', onSigint);
    }
}
/** The CLI's name for a setting an error is about: its option, or what stands for the spec. */
const OPTION_FOR = {
    image: 'image spec',
    registry: '--registry',
    'fallback-registry': '--fallback-registry',
    'output-dir': '--output-dir',
    retries: '--retries',
};
/** An error as the command line names things: `--output-dir: \u2026`, `image spec: \u2026`. */
function cliMessage(err) {
    const message = (0,errors/* errorMessage */.gJ)(err);
    const setting = err instanceof errors/* UserError */.yo ? err.setting : undefined;
    const option = setting && OPTION_FOR[setting];
    return option ? `${option}: ${message}` : message;
}
/** Info lines become debug lines (shown with AXVISOR_IMAGE_DEBUG); warnings stay. */
class QuietLog {
    inner;
    constructor(inner) {
        this.inner = inner;
    }
    info(message) {
        this.inner.debug(message);
    }
    warn(message) {
        this.inner.warn(message);
    }
    debug(message) {
        this.inner.debug(message);
    }
    group(title, fn) {
        return this.inner.group(title, fn);
    }
}


/***/ }),

/***/ 296:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Al: () => (/* binding */ ChecksumError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   p4: () => (/* binding */ InterruptedError),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/**
 * An error whose message is written for the person who configured the step: it names the input,
 * registry URL or file at fault. The action prints only the message of these, never a stack.
 */
class UserError extends Error {
    /**
     * The setting the message is about (`image`, `output-dir`, `max-size`, \u2026), which each face
     * names its own way: the action as an input, the CLI as an option.
     */
    setting;
    constructor(message, options) {
        super(message, options);
        this.name = 'UserError';
        if (options?.setting)
            this.setting = options.setting;
    }
}
/** The archive's bytes do not hash to the registry's digest. Never retried into success. */
class ChecksumError extends UserError {
    what;
    expected;
    actual;
    constructor(what, expected, actual, 
    /** What may explain it, when something does. */
    hint) {
        super(`SHA-256 mismatch for ${what}: expected ${expected}, got ${actual}${hint ? `; ${hint}` : ''}`);
        this.what = what;
        this.expected = expected;
        this.actual = actual;
        this.name = 'ChecksumError';
    }
}
/** The user asked to stop (Ctrl-C in the CLI). Never retried. */
class InterruptedError extends Error {
    constructor(message = 'interrupted') {
        super(message);
        this.name = 'InterruptedError';
    }
}
function errorMessage(err) {
    if (err instanceof Error)
        return err.message;
    return String(err);
}


/***/ }),

/***/ 618:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ removeTree)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * Removes a file or a tree this user owns, even where its dirs lack write or search permission
 * (an image may hold 0555 and 000 dirs): `rm` alone fails there for anyone but root, owner
 * included. Only when it does are the dirs given owner rwx, top down, and the removal retried.
 * Symlinks are removed, never followed, and never changed: chmod follows them.
 */
async function removeTree(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(path, { recursive: true, force: true });
        return;
    }
    catch (err) {
        if (!isDenied(err))
            throw err;
    }
    await openDirs(path);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(path, { recursive: true, force: true });
}
/**
 * Gives `dir` and every dir below it owner rwx. Each dir is reached only through a dir already
 * checked to be a real one, and its identity is compared after the chmod: one swapped for a
 * link in between would have passed the chmod on, and the walk stops there.
 */
async function openDirs(dir) {
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(dir).catch(ignoreMissing);
    if (!st?.isDirectory())
        return;
    const same = async () => {
        const now = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(dir).catch(ignoreMissing);
        if (now && (!now.isDirectory() || now.dev !== st.dev || now.ino !== st.ino)) {
            throw new Error(`${dir} was replaced while its permissions were being opened for removal`);
        }
    };
    if ((st.mode & 0o700) !== 0o700) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.chmod)(dir, (st.mode & 0o7777) | 0o700);
        await same();
    }
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir, { withFileTypes: true }).catch(ignoreMissing);
    // The names read must be this dir's, not those of a link put in its place.
    if (entries)
        await same();
    for (const e of entries ?? []) {
        if (e.isDirectory())
            await openDirs((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, e.name));
    }
}
function isDenied(err) {
    const code = err?.code;
    return code === 'EACCES' || code === 'EPERM';
}
/** Something else may remove part of the tree meanwhile; what is gone needs no opening. */
function ignoreMissing(err) {
    if (err?.code === 'ENOENT')
        return undefined;
    throw err;
}


/***/ }),

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 75:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 245:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("undici/index.js");

/***/ }),

/***/ 23:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 125:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


// What the bundles get for `undici` (tsconfig.json "paths"). @actions/http-client imports it at
// load for one class, ProxyAgent, which it builds only in getAgentDispatcher; nothing here calls
// that. Loading undici costs start-up time and memory (docs/architecture.md, "undici left out").
let undici;
class ProxyAgent {
  constructor(...args) {
    // The bundles leave this require external (scripts/bundle.mjs): nothing they hold gets here.
    undici ??= __nccwpck_require__(245);
    return new undici.ProxyAgent(...args);
  }
}
module.exports = { ProxyAgent };


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
