#!/bin/sh
# The KDC: realm TEST.REMOTEUSER.DEV with alice and HTTP/httpd (keytab for httpd), realm OTHER.REMOTEUSER.DEV with
# mallory, and cross-realm trust so mallory can get a ticket for HTTP/httpd.
set -e
mkdir -p /keytabs /var/lib/krb5kdc
kdb5_util create -s -r TEST.REMOTEUSER.DEV -P master-pw >/dev/null
kdb5_util create -s -r OTHER.REMOTEUSER.DEV -P master-pw >/dev/null
kadmin.local -r TEST.REMOTEUSER.DEV -q "addprinc -pw alice-pw alice" >/dev/null
kadmin.local -r TEST.REMOTEUSER.DEV -q "addprinc -randkey HTTP/httpd" >/dev/null
kadmin.local -r TEST.REMOTEUSER.DEV -q "ktadd -k /keytabs/http.keytab HTTP/httpd" >/dev/null
kadmin.local -r OTHER.REMOTEUSER.DEV -q "addprinc -pw mallory-pw mallory" >/dev/null
kadmin.local -r TEST.REMOTEUSER.DEV -q "addprinc -pw cross-pw krbtgt/TEST.REMOTEUSER.DEV@OTHER.REMOTEUSER.DEV" >/dev/null
kadmin.local -r OTHER.REMOTEUSER.DEV -q "addprinc -pw cross-pw krbtgt/TEST.REMOTEUSER.DEV@OTHER.REMOTEUSER.DEV" >/dev/null
chmod 644 /keytabs/http.keytab
echo "KDC-SETUP-DONE"
exec krb5kdc -n -r TEST.REMOTEUSER.DEV -r OTHER.REMOTEUSER.DEV
