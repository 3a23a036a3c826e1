import { NavLink, Outlet } from "react-router-dom";

const NAV_ITEMS = [
  { to: "/workflows", label: "Workflows" },
  { to: "/partners", label: "Partners" },
  { to: "/runs", label: "Runs" },
  { to: "/approvals", label: "Approvals" },
  { to: "/simulations", label: "Simulations" },
  { to: "/rewards", label: "Rewards" },
  { to: "/activity", label: "Activity" },
  { to: "/outbox", label: "Outbox" },
] as const;

/** The app chrome: a skip link, the left navigation and the page outlet. */
export function Layout() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Partnerflow
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  className={({ isActive }) => (isActive ? "nav-link active" : "nav-link")}
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
