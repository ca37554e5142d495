import * as assert from 'node:assert/strict';
import { Redactor, REDACTED } from '../../src/secrets/redact';

describe('redact: the one step every outgoing string takes', () => {
  it('removes every remembered secret, wherever it appears', () => {
    const redactor = new Redactor();
    redactor.remember('mg_live_studio_abcdef123456');
    redactor.remember('pk-portkey-secret-987');
    const text = 'Key mg_live_studio_abcdef123456 rejected; x-portkey-api-key=pk-portkey-secret-987, again mg_live_studio_abcdef123456.';
    const out = redactor.redact(text);
    assert.equal(out, `Key ${REDACTED} rejected; x-portkey-api-key=${REDACTED}, again ${REDACTED}.`);
  });

  it('removes the forms a secret takes in URLs and JSON', () => {
    const redactor = new Redactor();
    redactor.remember('p@ss/word"quoted"');
    assert.ok(!redactor.redact(`?key=${encodeURIComponent('p@ss/word"quoted"')}`).includes(encodeURIComponent('p@ss/word"quoted"')));
    assert.ok(!redactor.redact(JSON.stringify({ key: 'p@ss/word"quoted"' })).includes('word\\"quoted'));
  });

  it('removes the longer of two overlapping secrets whole', () => {
    const redactor = new Redactor();
    redactor.remember('secret-value-1');
    redactor.remember('secret-value-1-and-more');
    assert.equal(redactor.redact('x secret-value-1-and-more y'), `x ${REDACTED} y`);
  });

  it('removes URL userinfo, even with an @ in the password, and keeps the rest of the URL', () => {
    const redactor = new Redactor();
    assert.equal(redactor.redact('via http://alice:s3cr@t@proxy.corp:3128/ now'), `via http://${REDACTED}@proxy.corp:3128/ now`);
    assert.equal(redactor.redact('https://token@gateway.example/v1/chat'), `https://${REDACTED}@gateway.example/v1/chat`);
    assert.equal(redactor.redact('{"url":"socks5://u:p@10.0.0.1:1080"}'), `{"url":"socks5://${REDACTED}@10.0.0.1:1080"}`);
  });

  it('leaves e-mail addresses, plain URLs and the advice placeholder alone', () => {
    const redactor = new Redactor();
    const text = 'Write to dev@studio.example or open https://monstergaming.ai/signup; set http.proxy as http://user:password@host:port.';
    assert.equal(redactor.redact(text), text);
  });

  it('removes Bearer and Basic credentials (an echoed Authorization or Proxy-Authorization)', () => {
    const redactor = new Redactor();
    assert.equal(redactor.redact('Authorization: Bearer sk-unknown-token-123'), `Authorization: Bearer ${REDACTED}`);
    assert.equal(redactor.redact('Proxy-Authorization: Basic c3R1ZGlvOnMzY3JldA=='), `Proxy-Authorization: Basic ${REDACTED}`);
  });

  it('does not remember values too short to redact safely, so ordinary words survive', () => {
    const redactor = new Redactor();
    redactor.remember('test');
    redactor.remember('   ');
    redactor.remember(undefined);
    assert.equal(redactor.redact('a test of the local server'), 'a test of the local server');
  });
});
