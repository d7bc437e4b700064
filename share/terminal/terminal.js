/*
 * terminal.js: the page of a wsinetd --pty web terminal.
 *
 * xterm.js comes from Debian: libjs-xterm's xterm.js is a CommonJS
 * module that requires node-xterm's ./public/Terminal and the rest of its
 * lib/, so wsinetd serves the three directories as one (--web given three
 * times) and the few lines of require() below load them from this page's
 * own origin, one synchronous request a module.  Nothing is fetched from
 * anywhere else.
 *
 * The WebSocket goes back to the origin the page came from, to the path in
 * ?ws=PATH or else the page's own.  Keys go as binary messages, the
 * terminal's output comes back as binary messages (UTF-8, decoded as a
 * stream), and each change of the window's size is a text message
 * {"cols":N,"rows":M}.  The bar shows the connection's state; after a
 * close, Reconnect opens a new session.
 */
(function () {
	'use strict';

	var base = location.pathname.replace(/[^/]*$/, '');
	var modules = {};

	/* A module id relative to the path of the module that asks for it. */
	function resolve(from, id) {
		var parts = id.charAt(0) === '/' ? [] : from.split('/').slice(0, -1);

		id.split('/').forEach(function (seg) {
			if (seg === '..')
				parts.pop();
			else if (seg !== '.' && seg !== '')
				parts.push(seg);
		});
		var path = parts.join('/');
		return /\.js$/.test(path) ? path : path + '.js';
	}

	function load(path) {
		if (modules[path])
			return modules[path].exports;
		var x = new XMLHttpRequest();
		x.open('GET', base + path, false);
		x.send();
		if (x.status !== 200)
			throw new Error(base + path + ': HTTP ' + x.status);
		var module = { exports: {} };
		modules[path] = module;
		/* jshint evil: true */
		new Function('exports', 'require', 'module', x.responseText +
		    '\n//# sourceURL=' + base + path)(module.exports,
		    function (id) { return load(resolve(path, id)); }, module);
		return module.exports;
	}

	var stateEl = document.getElementById('state');
	var button = document.getElementById('reconnect');
	var stateText = '';

	function setState(text, cls) {
		stateText = text;
		stateEl.textContent = text;
		stateEl.className = cls;
	}

	var Terminal, fit;
	try {
		Terminal = load('xterm.js');
		fit = load('addons/fit/fit.js');
	} catch (e) {
		setState('xterm.js could not be loaded (' + e.message + '): ' +
		    'are libjs-xterm and node-xterm installed and served with ' +
		    '--web?', 'off');
		return;
	}
	fit.apply(Terminal);

	var term = new Terminal({ cursorBlink: true, scrollback: 5000 });
	var params = new URLSearchParams(location.search);
	/* ?ws= is a path on this origin, resolved as a URL and checked: glued
	 * after location.host, "@evil:1/" made the host userinfo and sent
	 * every key to another server. */
	var target = new URL(params.get('ws') || location.pathname,
	    location.href);
	var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') +
	    location.host + target.pathname + target.search;
	if (target.origin !== location.origin) {
		setState('?ws= must be a path on this server, not ' +
		    params.get('ws'), 'off');
		return;
	}
	var encoder = new TextEncoder();
	var ws = null, decoder = null;

	function sendSize() {
		if (ws && ws.readyState === WebSocket.OPEN)
			ws.send(JSON.stringify({ cols: term.cols, rows: term.rows }));
	}

	function connect() {
		decoder = new TextDecoder('utf-8');
		setState('connecting to ' + url, 'wait');
		ws = new WebSocket(url);
		ws.binaryType = 'arraybuffer';
		ws.onopen = function () {
			setState('connected to ' + url, 'on');
			sendSize();
			term.focus();
		};
		ws.onmessage = function (e) {
			if (typeof e.data === 'string')
				term.write(e.data);
			else
				term.write(decoder.decode(new Uint8Array(e.data),
				    { stream: true }));
		};
		ws.onclose = function (e) {
			setState('disconnected (' + e.code +
			    (e.reason ? ': ' + e.reason : '') + ')', 'off');
			ws = null;
			button.hidden = false;
			button.focus();
		};
	}

	term.open(document.getElementById('term'));
	term.fit();
	term.on('data', function (data) {
		if (ws && ws.readyState === WebSocket.OPEN)
			ws.send(encoder.encode(data));
	});
	term.on('resize', sendSize);
	window.addEventListener('resize', function () { term.fit(); });
	button.addEventListener('click', function () {
		button.hidden = true;
		term.reset();
		connect();
	});
	connect();

	/* For people and tests: the state and the screen's text. */
	window.wsinetdTerminal = {
		term: term,
		state: function () { return stateText; },
		text: function () {
			var b = term._core.buffer, out = [], i;

			for (i = 0; i < b.lines.length; i++)
				out.push(b.translateBufferLineToString(i, true));
			return out.join('\n');
		}
	};
})();
