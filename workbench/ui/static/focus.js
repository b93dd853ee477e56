() => { setTimeout(() => { if (window.wbFocusAfterOpen) window.wbFocusAfterOpen(); }, 60); }
