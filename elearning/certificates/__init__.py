"""Certificates and annual transcripts: PDFs whose content is fixed when issued, verifiable by
anyone through a code printed and encoded in a QR code."""
