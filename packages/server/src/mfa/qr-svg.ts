/** `text` as a QR code, an SVG document rendered here (no remote service sees the secret). */
export async function qrSvg(text: string): Promise<string> {
  // Loaded on first use: only TOTP enrolment draws one, and it is not needed to start.
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
