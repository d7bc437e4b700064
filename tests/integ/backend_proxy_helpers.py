"""What the --backend-proxy cases share: an nginx site that listens with
`proxy_protocol` and believes it from wsinetd's 127.0.0.1 (the README's
server block), answering with what the PROXY header told it, and a
WebSocket exchange that carries an HTTP request to it as payload."""

from helpers import OP_BIN, close_frame, frame

SITE = """    log_format pp 'pp=$proxy_protocol_addr:$proxy_protocol_port '
                  'to=$proxy_protocol_server_addr:$proxy_protocol_server_port '
                  'peer=$remote_addr "$request"';
    access_log %(dir)s/access.log pp;
    server {
        listen 127.0.0.1:%(port)d proxy_protocol;
        set_real_ip_from 127.0.0.1;
        real_ip_header proxy_protocol;
        location / {
            return 200 "client=$proxy_protocol_addr port=$proxy_protocol_port server=$proxy_protocol_server_addr:$proxy_protocol_server_port\\n";
        }
    }
"""

REQUEST = b"GET /who HTTP/1.0\r\nHost: backend\r\n\r\n"


def ask_nginx(c):
    """Send REQUEST as one binary message; return what came back until
    nginx closed (wsinetd's Close 1000)."""
    c.send(frame(OP_BIN, REQUEST))
    data, code = c.read_until_close()
    assert code == 1000, code
    c.send(close_frame(1000))
    c.read_to_eof()
    c.close()
    return data
