/* Runs before the page is drawn: shows furigana at once when the visitor switched it on before. */
try { if (localStorage.getItem("kyoten-furigana") === "on") document.documentElement.classList.add("furigana"); } catch (e) {}
