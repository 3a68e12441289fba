import { api, saveToken } from "./api.ts";
import { el } from "./dom.ts";

/** Username and password; on success the token is kept and the page reloads to rejoin with the account. */
export function loginForm(onError: (message: string) => void): HTMLFormElement {
  const username = el("input", { name: "username", placeholder: "username", autocomplete: "username", size: "10" });
  const password = el("input", { name: "password", type: "password", placeholder: "password", autocomplete: "current-password", size: "10" });
  const form = el("form", { class: "inline" }, username, password, el("button", { type: "submit" }, "Log in"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const { token } = await api<{ token: string }>("/auth/login", { method: "POST", body: { username: username.value, password: password.value } });
      saveToken(token);
      location.reload();
    } catch (error) {
      onError((error as Error).message);
    }
  });
  return form;
}
