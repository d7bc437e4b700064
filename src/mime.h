/*
 * mime.h: the Content-Type of a static file, chosen by its extension.
 */
#ifndef MIME_H
#define MIME_H

#define MIME_DEFAULT	"application/octet-stream"

const char	*mime_type(const char *);

#endif
