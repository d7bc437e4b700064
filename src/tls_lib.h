/*
 * tls_lib.h: GnuTLS, loaded with dlopen() only when a connection is TLS.
 *
 * A plain connection is most of what wsinetd handles, and linking GnuTLS
 * would make every process start pay for loading and initialising it
 * (DESIGN.md: start-up is most of a per-connection handler's cost).  So
 * the binary does not link it; tls_lib_load() resolves the functions used
 * into a table whose members keep the GnuTLS names and types:
 * lib->gnutls_init(...) is gnutls_init(...), type-checked by the compiler
 * against <gnutls/gnutls.h> through __typeof__.  gnutls_free is a
 * variable holding a function pointer (and a macro), so its member is the
 * variable's address: call it as (*lib->gnutls_free)(p).
 */
#ifndef TLS_LIB_H
#define TLS_LIB_H

#include <stddef.h>

#include <gnutls/gnutls.h>
#include <gnutls/socket.h>
#include <gnutls/x509.h>

#define TLS_LIB_SONAME		"libgnutls.so.30"
#define TLS_LIB_MIN_VERSION	"3.7.3"	/* ciphersuite_get, kTLS query */

#define TLS_LIB_FUNCS(X)				\
	X(gnutls_check_version)				\
	X(gnutls_strerror)				\
	X(gnutls_error_is_fatal)			\
	X(gnutls_alert_get)				\
	X(gnutls_alert_get_name)			\
	X(gnutls_alert_send_appropriate)		\
	X(gnutls_certificate_allocate_credentials)	\
	X(gnutls_certificate_free_credentials)		\
	X(gnutls_certificate_set_x509_key_file2)	\
	X(gnutls_certificate_set_flags)			\
	X(gnutls_certificate_set_x509_trust_file)	\
	X(gnutls_certificate_server_set_request)	\
	X(gnutls_certificate_get_peers)			\
	X(gnutls_priority_init)				\
	X(gnutls_priority_set)				\
	X(gnutls_priority_deinit)			\
	X(gnutls_init)					\
	X(gnutls_deinit)				\
	X(gnutls_credentials_set)			\
	X(gnutls_alpn_set_protocols)			\
	X(gnutls_session_ticket_enable_server)		\
	X(gnutls_transport_set_int2)			\
	X(gnutls_handshake)				\
	X(gnutls_record_recv)				\
	X(gnutls_record_send)				\
	X(gnutls_record_check_pending)			\
	X(gnutls_record_get_direction)			\
	X(gnutls_bye)					\
	X(gnutls_protocol_get_version)			\
	X(gnutls_protocol_get_name)			\
	X(gnutls_ciphersuite_get)			\
	X(gnutls_server_name_get)			\
	X(gnutls_session_is_resumed)			\
	X(gnutls_session_set_verify_cert)		\
	X(gnutls_session_get_verify_cert_status)	\
	X(gnutls_x509_crt_init)				\
	X(gnutls_x509_crt_import)			\
	X(gnutls_x509_crt_get_dn3)			\
	X(gnutls_free)					\
	X(gnutls_x509_crt_deinit)			\
	X(gnutls_transport_is_ktls_enabled)		\
	X(gnutls_transport_set_vec_push_function)	\
	/* the client side (tls_client.c: wss://, https:// backends) */ \
	X(gnutls_certificate_set_x509_system_trust)	\
	X(gnutls_server_name_set)

struct tls_lib {
	void	*handle;
#define TLS_LIB_MEMBER(name)	__typeof__(name) *name;
	TLS_LIB_FUNCS(TLS_LIB_MEMBER)
#undef TLS_LIB_MEMBER
};

int	 tls_lib_load(struct tls_lib *, char *, size_t);

#endif
