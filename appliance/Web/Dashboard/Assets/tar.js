// A minimal tar writer (POSIX ustar, with a pax header for a name ustar cannot hold) and gzip through the browser's
// CompressionStream: a folder picked in the page becomes the .tar.gz the sites API takes, with no library and no
// server-side unpacking of anything else. Only regular files are written; folders are implied by the paths, which
// hiy's extractor creates (SiteArchive).

const encoder = new TextEncoder();
const block = 512;

function octal(value, width) {
  // width includes the terminating NUL
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function put(header, offset, width, text) {
  const bytes = encoder.encode(text);
  if (bytes.length > width) {
    throw new Error(`tar: '${text}' is longer than ${width} bytes`);
  }
  header.set(bytes, offset);
}

/** One 512-byte ustar header; the checksum is the byte sum with its own field counted as spaces (POSIX pax §ustar). */
function header(name, size, type, mtime, prefix = '') {
  const h = new Uint8Array(block);
  put(h, 0, 100, name);
  put(h, 100, 8, octal(0o644, 8));
  put(h, 108, 8, octal(0, 8));
  put(h, 116, 8, octal(0, 8));
  put(h, 124, 12, octal(size, 12));
  put(h, 136, 12, octal(mtime, 12));
  h.fill(0x20, 148, 156);
  put(h, 156, 1, type);
  put(h, 257, 6, 'ustar\0');
  put(h, 263, 2, '00');
  put(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) {
    sum += b;
  }
  put(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** A name split into ustar's prefix (155 bytes) and name (100 bytes) at a '/', or null when it does not fit. */
export function splitName(path) {
  const bytes = encoder.encode(path).length;
  if (bytes <= 100) {
    return { prefix: '', name: path };
  }
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100 && name.length > 0) {
      return { prefix, name };
    }
  }
  return null;
}

/** A pax record "<len> path=<value>\n", where len counts the whole record including its own digits. */
function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) {
    length = String(length).length + bodyLength;
  }
  return encoder.encode(`${length}${body}`);
}

function padding(size) {
  const rest = size % block;
  return rest === 0 ? null : new Uint8Array(block - rest);
}

/**
 * The tar of `files` ([{ path, blob }], path relative with '/' separators) as a Blob; file data is not copied
 * until the Blob is read.
 */
export function tarBlob(files) {
  const parts = [];
  const mtime = Math.floor(Date.now() / 1000);
  for (const { path, blob } of files) {
    if (!path || path.startsWith('/') || path.split('/').includes('..')) {
      throw new Error(`tar: '${path}' is not a relative path inside the folder`);
    }
    let split = splitName(path);
    if (!split) {
      const record = paxRecord('path', path);
      parts.push(header('PaxHeader', record.length, 'x', mtime), record);
      const pad = padding(record.length);
      if (pad) {
        parts.push(pad);
      }
      split = { prefix: '', name: encoder.encode(path).length > 100 ? 'long-name' : path };
    }
    parts.push(header(split.name, blob.size, '0', mtime, split.prefix), blob);
    const pad = padding(blob.size);
    if (pad) {
      parts.push(pad);
    }
  }
  parts.push(new Uint8Array(block * 2)); // two zero blocks end the archive
  return new Blob(parts, { type: 'application/x-tar' });
}

/** The gzip of a Blob, as a Blob. */
export async function gzipBlob(blob) {
  const stream = blob.stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).blob();
}

/**
 * The files of a folder picked with <input webkitdirectory>: each `webkitRelativePath` without the picked folder's own
 * name, so its index.html is the site's /index.html.
 */
export function folderFiles(fileList) {
  const files = [];
  for (const file of fileList) {
    const relative = file.webkitRelativePath || file.name;
    const slash = relative.indexOf('/');
    files.push({ path: slash >= 0 ? relative.slice(slash + 1) : relative, blob: file });
  }
  return files;
}
