import QRCode from 'qrcode';

/** `text` as a QR code, an SVG document rendered here (no remote service sees the secret). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
