import { Link } from "react-router";
import { useTitle } from "../app/ui";

export default function NotFound() {
  useTitle("Page not found");
  return (
    <div className="card">
      <h1>Page not found</h1>
      <p className="muted">The address may be mistyped, or the page has moved.</p>
      <Link to="/" className="btn secondary">
        Go to the storefronts
      </Link>
    </div>
  );
}
