// Enhancements only. Label sheets of many stamps take a while to draw, so a link marked data-progress is fetched here
// and a progress bar shows the bytes received (against the expected size the page estimates; the sheet is streamed without
// a Content-Length). Without JavaScript, or if anything fails, the link downloads as a plain link.
const format = new Intl.NumberFormat('vi-VN');

async function download(link) {
  const expected = Number(link.dataset.expectedBytes) || 0;
  const status = document.createElement('span');
  status.className = 'download';
  status.setAttribute('role', 'status');
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  const text = document.createElement('span');
  text.textContent = 'Đang tạo nhãn…';
  status.append(bar, text);
  link.after(status);
  link.setAttribute('aria-disabled', 'true');
  try {
    const response = await fetch(link.href, { credentials: 'same-origin' });
    if (!response.ok || !response.body) throw new Error(String(response.status));
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (expected > 0) bar.value = Math.min(received / expected, 0.99);
      text.textContent = `Đã nhận ${format.format(Math.round(received / 1024))} KB`;
    }
    bar.value = 1;
    text.textContent = `Xong: ${format.format(Math.round(received / 1024))} KB`;
    const url = URL.createObjectURL(new Blob(chunks, { type: 'application/pdf' }));
    const save = document.createElement('a');
    save.href = url;
    save.download = link.getAttribute('download') || 'nhan.pdf';
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch {
    status.remove();
    window.location.href = link.href;
    return;
  } finally {
    link.removeAttribute('aria-disabled');
  }
}

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-progress]') : null;
  if (!link || !window.ReadableStream || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  if (link.getAttribute('aria-disabled') === 'true') return;
  download(link);
});

// A second click on a form's button while its page loads would send the command twice (two lots, two stamp issues):
// once a form is sent, its button waits for the answer.
document.addEventListener('submit', (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target : null;
  if (!form || form.method.toLowerCase() !== 'post') return;
  if (form.dataset.sent === 'true') {
    event.preventDefault();
    return;
  }
  form.dataset.sent = 'true';
  for (const button of form.querySelectorAll('button[type=submit]')) button.setAttribute('aria-busy', 'true');
});

// Coming back to a page from the browser's cache (Back) makes its forms usable again.
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-sent]')) delete form.dataset.sent;
});
